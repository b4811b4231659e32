%% 50 functions, each calling the next (generated for bench/dist.sh: the closure
%% of a cold remote spawn). f1(P) ends with 50.
-module(chain50).
-export([f1/1]).

f1(P) -> g1(P, 0).

g1(P, K) -> g2(P, K + 1).
g2(P, K) -> g3(P, K + 1).
g3(P, K) -> g4(P, K + 1).
g4(P, K) -> g5(P, K + 1).
g5(P, K) -> g6(P, K + 1).
g6(P, K) -> g7(P, K + 1).
g7(P, K) -> g8(P, K + 1).
g8(P, K) -> g9(P, K + 1).
g9(P, K) -> g10(P, K + 1).
g10(P, K) -> g11(P, K + 1).
g11(P, K) -> g12(P, K + 1).
g12(P, K) -> g13(P, K + 1).
g13(P, K) -> g14(P, K + 1).
g14(P, K) -> g15(P, K + 1).
g15(P, K) -> g16(P, K + 1).
g16(P, K) -> g17(P, K + 1).
g17(P, K) -> g18(P, K + 1).
g18(P, K) -> g19(P, K + 1).
g19(P, K) -> g20(P, K + 1).
g20(P, K) -> g21(P, K + 1).
g21(P, K) -> g22(P, K + 1).
g22(P, K) -> g23(P, K + 1).
g23(P, K) -> g24(P, K + 1).
g24(P, K) -> g25(P, K + 1).
g25(P, K) -> g26(P, K + 1).
g26(P, K) -> g27(P, K + 1).
g27(P, K) -> g28(P, K + 1).
g28(P, K) -> g29(P, K + 1).
g29(P, K) -> g30(P, K + 1).
g30(P, K) -> g31(P, K + 1).
g31(P, K) -> g32(P, K + 1).
g32(P, K) -> g33(P, K + 1).
g33(P, K) -> g34(P, K + 1).
g34(P, K) -> g35(P, K + 1).
g35(P, K) -> g36(P, K + 1).
g36(P, K) -> g37(P, K + 1).
g37(P, K) -> g38(P, K + 1).
g38(P, K) -> g39(P, K + 1).
g39(P, K) -> g40(P, K + 1).
g40(P, K) -> g41(P, K + 1).
g41(P, K) -> g42(P, K + 1).
g42(P, K) -> g43(P, K + 1).
g43(P, K) -> g44(P, K + 1).
g44(P, K) -> g45(P, K + 1).
g45(P, K) -> g46(P, K + 1).
g46(P, K) -> g47(P, K + 1).
g47(P, K) -> g48(P, K + 1).
g48(P, K) -> g49(P, K + 1).
g49(P, K) -> g50(P, K + 1).
g50(_P, K) -> K + 1.
