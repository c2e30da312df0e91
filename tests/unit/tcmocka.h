/* tcmocka.h - cmocka needs these headers first, in this order. */
#ifndef TESTS_UNIT_TCMOCKA_H
#define TESTS_UNIT_TCMOCKA_H

// clang-format off
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
// clang-format on

#endif
