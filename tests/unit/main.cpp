// The doctest runner for all C++ unit tests; each other file in this folder adds test cases.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
