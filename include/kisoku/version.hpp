// kisoku/version.hpp — the library's version.
#pragma once

#define KISOKU_VERSION_MAJOR 0
#define KISOKU_VERSION_MINOR 1
#define KISOKU_VERSION_PATCH 0

namespace kisoku {
inline constexpr char const* version = "0.1.0";
}
