// A directory of the unit tests' own under the system's temporary directory, shared by the tests
// that write rule files or compiled rules.
#pragma once

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <system_error>

namespace kisoku_test {

// A directory of its own under the system's temporary directory, made on construction and
// removed, with everything in it, at the end.
struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::random_device random;
        auto const stamp = std::chrono::steady_clock::now().time_since_epoch().count();
        path = std::filesystem::temp_directory_path() /
               ("kisoku-test-" + std::to_string(stamp) + "-" + std::to_string(random()));
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    TempDir(TempDir const&) = delete;
    TempDir& operator=(TempDir const&) = delete;
    void write(std::string const& name, std::string const& text) const {
        std::ofstream out(path / name, std::ios::binary);
        out << text;
    }
};

}  // namespace kisoku_test
