// GMP and zlib on demand (on_demand.h): a script that makes no bignum and compresses
// nothing never loads them. (xxHash is compiled into loader/src/hash.cpp.)
#include "on_demand.h"

#include <gmp.h>
#include <zlib.h>

#if !defined(PFUN_LIBGMP_SONAME) || !defined(PFUN_LIBZ_SONAME)
#error "the sonames of GMP and zlib are set by cli/CMakeLists.txt"
#endif

namespace {

void* libgmp() {
    static void* const handle = pfun::cli::on_demand::open(PFUN_LIBGMP_SONAME);
    return handle;
}
void* libz() {
    static void* const handle = pfun::cli::on_demand::open(PFUN_LIBZ_SONAME);
    return handle;
}

} // namespace

#define PFUN_GMP(ret, name, params, args)                                                          \
    PFUN_FORWARD(libgmp, PFUN_LIBGMP_SONAME, ret, name, params, args)
#define PFUN_ZLIB(ret, name, params, args)                                                         \
    PFUN_FORWARD(libz, PFUN_LIBZ_SONAME, ret, name, params, args)

// GMP (gmp.h maps each mpz_ name to its __gmpz_ symbol)
#define PFUN_GMP_BINARY(name)                                                                      \
    PFUN_GMP(void, name, (mpz_ptr r, mpz_srcptr a, mpz_srcptr b), (r, a, b))
PFUN_GMP_BINARY(mpz_add)
PFUN_GMP_BINARY(mpz_sub)
PFUN_GMP_BINARY(mpz_mul)
PFUN_GMP_BINARY(mpz_and)
PFUN_GMP_BINARY(mpz_ior)
PFUN_GMP_BINARY(mpz_xor)
PFUN_GMP_BINARY(mpz_tdiv_q)
PFUN_GMP_BINARY(mpz_tdiv_r)
#define PFUN_GMP_SHIFT(name)                                                                       \
    PFUN_GMP(void, name, (mpz_ptr r, mpz_srcptr a, mp_bitcnt_t n), (r, a, n))
PFUN_GMP_SHIFT(mpz_fdiv_q_2exp)
PFUN_GMP_SHIFT(mpz_fdiv_r_2exp)
PFUN_GMP_SHIFT(mpz_mul_2exp)
PFUN_GMP_SHIFT(mpz_tdiv_q_2exp)
PFUN_GMP(void, mpz_init, (mpz_ptr x), (x))
PFUN_GMP(void, mpz_clear, (mpz_ptr x), (x))
PFUN_GMP(void, mpz_set, (mpz_ptr r, mpz_srcptr a), (r, a))
PFUN_GMP(void, mpz_com, (mpz_ptr r, mpz_srcptr a), (r, a))
PFUN_GMP(void, mpz_set_d, (mpz_ptr r, double d), (r, d))
PFUN_GMP(int, mpz_set_str, (mpz_ptr r, const char* s, int base), (r, s, base))
PFUN_GMP(void, mpz_setbit, (mpz_ptr r, mp_bitcnt_t bit), (r, bit))
PFUN_GMP(char*, mpz_get_str, (char* s, int base, mpz_srcptr a), (s, base, a))
PFUN_GMP(void*, mpz_export,
         (void* out, size_t* count, int order, size_t size, int endian, size_t nails, mpz_srcptr a),
         (out, count, order, size, endian, nails, a))
PFUN_GMP(void, mpz_import,
         (mpz_ptr r, size_t count, int order, size_t size, int endian, size_t nails,
          const void* in),
         (r, count, order, size, endian, nails, in))
PFUN_GMP(mpz_srcptr, mpz_roinit_n, (mpz_ptr x, mp_srcptr limbs, mp_size_t n), (x, limbs, n))
PFUN_GMP(int, mpz_cmp, (mpz_srcptr a, mpz_srcptr b) noexcept, (a, b))
PFUN_GMP(int, mpz_cmp_d, (mpz_srcptr a, double d) noexcept, (a, d))
PFUN_GMP(mp_srcptr, mpz_limbs_read, (mpz_srcptr a) noexcept, (a))
PFUN_GMP(mp_bitcnt_t, mpz_scan1, (mpz_srcptr a, mp_bitcnt_t from) noexcept, (a, from))
PFUN_GMP(size_t, mpz_sizeinbase, (mpz_srcptr a, int base) noexcept, (a, base))
PFUN_GMP(int, mpz_tstbit, (mpz_srcptr a, mp_bitcnt_t bit) noexcept, (a, bit))

// zlib
PFUN_ZLIB(uLong, adler32, (uLong adler, const Bytef* buf, uInt len), (adler, buf, len))
PFUN_ZLIB(uLong, adler32_combine, (uLong a, uLong b, z_off_t len), (a, b, len))
PFUN_ZLIB(uLong, crc32, (uLong crc, const Bytef* buf, uInt len), (crc, buf, len))
PFUN_ZLIB(uLong, crc32_combine, (uLong a, uLong b, z_off_t len), (a, b, len))
PFUN_ZLIB(int, compress2,
          (Bytef * dest, uLongf* destLen, const Bytef* source, uLong sourceLen, int level),
          (dest, destLen, source, sourceLen, level))
PFUN_ZLIB(uLong, compressBound, (uLong sourceLen), (sourceLen))
PFUN_ZLIB(int, inflate, (z_streamp strm, int flush), (strm, flush))
PFUN_ZLIB(int, inflateEnd, (z_streamp strm), (strm))
PFUN_ZLIB(int, inflateInit_, (z_streamp strm, const char* version, int stream_size),
          (strm, version, stream_size))
