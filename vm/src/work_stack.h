// WorkStack: the explicit stack that term walkers (compare, hash, copy, external
// format) use instead of C++ recursion, so a deeply nested term cannot overflow the
// native stack. The first kInline entries live in the object; deeper walks spill to
// the heap.
#pragma once

#include <cstddef>
#include <vector>

namespace pfun::vm {

template <typename T, size_t kInline = 32>
class WorkStack {
  public:
    bool empty() const { return size_ == 0; }
    size_t size() const { return size_; }
    void push(const T& v) {
        if (size_ < kInline) {
            inline_[size_] = v;
        } else {
            spill_.push_back(v);
        }
        ++size_;
    }
    T pop() {
        --size_;
        if (size_ < kInline) return inline_[size_];
        T v = spill_.back();
        spill_.pop_back();
        return v;
    }

  private:
    T inline_[kInline];
    std::vector<T> spill_;
    size_t size_ = 0;
};

} // namespace pfun::vm
