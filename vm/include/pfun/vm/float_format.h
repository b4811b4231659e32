// Printing floats the way erl does.
//
// formatFloatShortest is io_lib's ~w/~p layout (OTP 25): the shortest digit string
// that reads back as the same double, laid out in plain or exponent notation,
// whichever is shorter (plain wins ties), except that integral values from 2^53 up
// always take the exponent form; always with at least one digit after the point: "1.0", "0.1",
// "100.0", "1.0e3", "0.0001", "1.2e-4", "1.2345678901234568e17",
// "-0.0". The digits come from std::to_chars (shortest round-trip); only the layout
// is Erlang's.
//
// floatToListDefault is float_to_list/1 and erlang's default float text: "%.20e" as C
// prints it, "1.00000000000000000000e+00".
#pragma once

#include <string>

namespace pfun::vm {

std::string formatFloatShortest(double);
std::string floatToListDefault(double);

// Shortest round-trip digits of |d| (no leading/trailing zeros, "0" for zero) and the
// decimal exponent `place` such that |d| = 0.DIGITS x 10^place.
void shortestDigits(double d, std::string& digits, int& place);

} // namespace pfun::vm
