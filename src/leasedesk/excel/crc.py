"""CRC-32 of two pieces of data joined, from the CRC of each (zlib's crc32_combine, which Python's zlib
module does not offer): a sheet part whose rows a worker deflated while its head was not yet written."""

from __future__ import annotations

_POLY = 0xEDB88320  # CRC-32's polynomial, reflected


def _times(a: int, b: int) -> int:
    """a(x) * b(x) modulo the polynomial (a must not be zero)."""
    m, product = 1 << 31, 0
    while True:
        if a & m:
            product ^= b
            if a & (m - 1) == 0:
                return product
        m >>= 1
        b = (b >> 1) ^ _POLY if b & 1 else b >> 1


_X_2N = [1 << 30]  # x^(2^n) modulo the polynomial, n = 0, 1, ...
for _ in range(31):
    _X_2N.append(_times(_X_2N[-1], _X_2N[-1]))


def _x_to_8n(length: int) -> int:
    """x^(8 length) modulo the polynomial."""
    power, k = 1 << 31, 3
    while length:
        if length & 1:
            power = _times(_X_2N[k & 31], power)
        length >>= 1
        k += 1
    return power


def crc32_combine(first: int, second: int, second_length: int) -> int:
    """zlib.crc32(a + b) from zlib.crc32(a), zlib.crc32(b) and len(b)."""
    if second_length == 0:
        return first
    return _times(_x_to_8n(second_length), first) ^ second
