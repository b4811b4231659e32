// Mailbox: the messages a process has received into its own heap, oldest first.
//
// Kept contiguous (a vector with a moving head) because the collector takes it as one
// root range, and because `receive` almost always takes the oldest message: removing
// the head is O(1); removing from the middle (selective receive) shifts the tail.
#pragma once

#include "pfun/vm/term.h"

#include <cstddef>
#include <vector>

namespace pfun::vm {

class Mailbox {
  public:
    size_t size() const { return items_.size() - head_; }
    bool empty() const { return size() == 0; }
    Term operator[](size_t i) const { return items_[head_ + i]; }
    void push(Term message) { items_.push_back(message); }

    void removeAt(size_t i) {
        if (i == 0) {
            ++head_;
            if (head_ == items_.size()) {
                items_.clear();
                head_ = 0;
            } else if (head_ >= 64 && head_ * 2 >= items_.size()) {
                items_.erase(items_.begin(), items_.begin() + std::ptrdiff_t(head_));
                head_ = 0;
            }
        } else {
            items_.erase(items_.begin() + std::ptrdiff_t(head_ + i));
        }
    }
    void clear() {
        items_.clear();
        head_ = 0;
    }

    // The live messages as one range (collector roots).
    Term* data() { return items_.data() + head_; }

  private:
    std::vector<Term> items_;
    size_t head_ = 0;
};

} // namespace pfun::vm
