// kisoku/eval/native_library.hpp — a program's rules compiled to native code while the host runs.
//
// `kisoku generate cpp` writes the C++ that decides a program natively (kisoku/eval/native.hpp),
// for a host to compile in: fast, but a rule file edited for the next fiscal year is then decided
// by the interpreter until the host is built again. This stage does the same while the host runs:
// it writes that C++ for the Program just loaded, compiles it with the machine's C++ compiler into
// a shared library, and loads the library into the process. The rule file stays the only thing a
// policy officer edits; the next load of an edited file compiles its new rules once.
//
// Libraries are kept in a cache directory, named by the plan's fingerprint and by native_abi(),
// so that loading rules compiled before costs no compilation, and a library compiled from other
// rules or by another version of kisoku is never used. Nothing here is needed for a decision:
// whatever fails (no compiler, a directory that cannot be written, a library that cannot be
// loaded) is reported as a NativeBuildError, and the rules are decided by the interpreter as
// before. The decisions are the same either way (tests/unit/native_library_test.cpp).
//
// POSIX only (posix_spawn, dlopen). The compiler needs kisoku's headers and Boost's: the
// directories are NativeBuildOptions::include_directories, by default the ones this build of
// kisoku was configured with (KISOKU_NATIVE_INCLUDE_DIRS, set by its CMake package).
#pragma once

#include "kisoku/eval/generate_cpp.hpp"
#include "kisoku/eval/native.hpp"
#include "kisoku/eval/program.hpp"
#include "kisoku/messages.hpp"

#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

extern char** environ;

namespace kisoku::eval {

// How to compile rules at run time.
struct NativeBuildOptions {
    // Where compiled rules are kept and looked for (created when missing). For each Program:
    // the C++ written for it (.cpp), the compiler's messages (.log) and the library (.so).
    std::filesystem::path cache_directory;
    // The C++ compiler, by name (searched on PATH) or path; empty: $CXX, else `c++`.
    std::string compiler;
    // Directories holding kisoku's and Boost's headers (-I); empty: the ones this build of kisoku
    // was configured with.
    std::vector<std::string> include_directories;
    // Flags for the compiler before the source file, after the standard and -I flags.
    std::vector<std::string> flags{"-O2"};
    // The longest the compiler may take, in seconds; past it, it is stopped (with every process it
    // started) and the rules are decided by the interpreter. The DX LAB rules take about 12 s of
    // one core. 0: no limit.
    unsigned timeout_seconds = 300;
    // Asked every 20 ms while the compiler runs, when set: true stops the compiler, with every
    // process it started, and no library is built (native-compile-stopped). The compiler runs in
    // a process group of its own, so that it can be stopped whole; a Ctrl-C at the terminal
    // therefore reaches the host but not the compiler, and a host that stops on Ctrl-C says so
    // here (the kisoku tool sets a flag in its SIGINT handler; Python checks for KeyboardInterrupt).
    std::function<bool()> stop_requested;
};

// Why rules could not be compiled or loaded: a code of kisoku/messages.hpp and its arguments.
struct NativeBuildError {
    std::string code;
    std::vector<std::string> args;

    std::string render(Language lang = Language::en) const { return format_message(code, lang, args); }
};

namespace detail {
struct NativeLibraryBuilder;
}

// A shared library of compiled rules, loaded into the process. It must outlive every Evaluator
// and Session given its rules(); it is unloaded when the last owner lets go of it.
class NativeLibrary {
public:
    NativeLibrary(NativeLibrary const&) = delete;
    NativeLibrary& operator=(NativeLibrary const&) = delete;
    ~NativeLibrary() {
        if (handle_) dlclose(handle_);
    }

    // The compiled rules, for Evaluator::set_native and Session::set_native.
    NativeRules const& rules() const noexcept { return *rules_; }
    // The library's file.
    std::filesystem::path const& path() const noexcept { return path_; }
    // Whether this call compiled it (false: it was found in the cache).
    bool compiled() const noexcept { return compiled_; }

private:
    friend struct detail::NativeLibraryBuilder;
    NativeLibrary(void* handle, NativeRules const* rules, std::filesystem::path path, bool compiled)
        : handle_(handle), rules_(rules), path_(std::move(path)), compiled_(compiled) {}
    void* handle_;
    NativeRules const* rules_;
    std::filesystem::path path_;
    bool compiled_;
};

// What build_native_library gives: the library, or why there is none.
struct NativeBuild {
    std::shared_ptr<NativeLibrary const> library;
    std::optional<NativeBuildError> error;
};

namespace detail {

// The include directories this build of kisoku was configured with, separated by ';' (CMake's
// list), or none.
inline std::vector<std::string> configured_include_directories() {
    std::vector<std::string> out;
#ifdef KISOKU_NATIVE_INCLUDE_DIRS
    std::string const all = KISOKU_NATIVE_INCLUDE_DIRS;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= all.size(); ++i)
        if (i == all.size() || all[i] == ';') {
            if (i > start) out.push_back(all.substr(start, i - start));
            start = i + 1;
        }
#endif
    return out;
}

inline std::string hex(std::uint64_t v) {
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(v));
    return buffer;
}

// The names the library exports, with C linkage so that they are found by name.
inline constexpr char const* native_rules_symbol = "kisoku_native_rules";
inline constexpr char const* native_abi_symbol = "kisoku_native_abi";

// What run_process returns when the process ran past its time, or was asked to stop, and was
// stopped.
inline constexpr int process_timed_out = -2;
inline constexpr int process_stopped = -3;

// Runs `argv` (argv[0] searched on PATH) with its standard output and error appended to `log`,
// and waits for it, at most `timeout_seconds` (0: without a limit) and until `stop_requested`
// (when set) returns true. Returns its exit status, 127 when it could not be started (as a shell
// says of a command it cannot find), -1 when it was killed, process_timed_out or process_stopped.
// The process is started in a process group of its own, so that a compiler stopped for its time
// is stopped with the processes it started (the compiler proper, the assembler, the linker).
inline int run_process(std::vector<std::string> const& argv, std::filesystem::path const& log, unsigned timeout_seconds = 0,
                       std::function<bool()> const& stop_requested = {}) {
    std::vector<char*> args;
    for (auto const& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    if (posix_spawn_file_actions_init(&actions) != 0) return 127;
    std::string const log_path = log.string();
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawnattr_t attributes;
    if (posix_spawnattr_init(&attributes) != 0) {
        posix_spawn_file_actions_destroy(&actions);
        return 127;
    }
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    pid_t pid = 0;
    int const started = posix_spawnp(&pid, args[0], &actions, &attributes, args.data(), environ);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    if (started != 0) return 127;
    int status = 0;
    int stopped = 0;  // process_timed_out or process_stopped, once the group has been killed.
    bool const polled = timeout_seconds != 0 || stop_requested;
    auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
    for (;;) {
        pid_t const done = waitpid(pid, &status, !polled || stopped ? 0 : WNOHANG);
        if (done == pid) break;
        if (done < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (timeout_seconds != 0 && std::chrono::steady_clock::now() >= deadline)
            stopped = process_timed_out;
        else if (stop_requested && stop_requested())
            stopped = process_stopped;
        if (stopped) {
            kill(-pid, SIGKILL);  // The whole group; waited for above, so that no zombie is left.
            continue;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (stopped) return stopped;
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return -1;
}

// Builds the library of `program`'s rules (see the top of this file), or loads it from the cache.
struct NativeLibraryBuilder {
    Program const& program;
    NativeBuildOptions const& options;

    NativeBuild build() const {
        std::uint64_t const fingerprint = plan_fingerprint(program);
        std::string const stem = "kisoku-" + hex(fingerprint) + "-" + hex(native_abi());
        std::filesystem::path const directory = options.cache_directory.empty() ? std::filesystem::path(".") : options.cache_directory;
        std::filesystem::path const library = directory / (stem + ".so");
        std::error_code ec;
        if (std::filesystem::exists(library, ec)) {
            NativeBuild found = load(library, fingerprint, false);
            if (found.library) return found;
            // A library left half-written or damaged: compiled again below.
        }
        std::filesystem::create_directories(directory, ec);
        if (ec) return fail("native-cache-unwritable", {directory.string(), ec.message()});
        // Every file is written under a name of this process first and renamed into place, so that
        // processes compiling the same rules at once never read each other's partial files.
        std::string const mine = "." + std::to_string(static_cast<long long>(getpid()));
        std::filesystem::path const source = directory / (stem + ".cpp");
        std::filesystem::path const log = directory / (stem + ".log");
        std::filesystem::path const partial = directory / (stem + mine + ".so");
        std::filesystem::path const partial_source = directory / (stem + mine + ".cpp");
        {
            std::ofstream out(partial_source, std::ios::binary | std::ios::trunc);
            out << code(fingerprint);
            out.close();
            if (!out) return fail("native-cache-unwritable", {directory.string(), std::strerror(errno)});
        }
        std::filesystem::rename(partial_source, source, ec);
        if (ec) return fail("native-cache-unwritable", {directory.string(), ec.message()});
        std::filesystem::remove(log, ec);
        std::string const compiler = compiler_name();
        std::vector<std::string> argv{compiler, "-std=c++20", "-shared", "-fPIC", "-fvisibility=hidden", "-fvisibility-inlines-hidden"};
        auto includes = options.include_directories.empty() ? configured_include_directories() : options.include_directories;
        for (auto const& dir : includes) argv.push_back("-I" + dir);
        for (auto const& flag : options.flags) argv.push_back(flag);
        argv.push_back(source.string());
        argv.push_back("-o");
        argv.push_back(partial.string());
        int const status = run_process(argv, log, options.timeout_seconds, options.stop_requested);
        if (status == 127 && !std::filesystem::exists(partial, ec)) {
            std::filesystem::remove(log, ec);
            return fail("native-compiler-not-found", {compiler});
        }
        if (status == process_timed_out) {
            std::filesystem::remove(partial, ec);
            return fail("native-compile-timeout", {compiler, std::to_string(options.timeout_seconds), log.string()});
        }
        if (status == process_stopped) {
            std::filesystem::remove(partial, ec);
            return fail("native-compile-stopped", {compiler});
        }
        if (status != 0) {
            std::filesystem::remove(partial, ec);
            return fail("native-compile-failed", {compiler, std::to_string(status), log.string()});
        }
        std::filesystem::rename(partial, library, ec);
        if (ec) {
            std::filesystem::remove(partial, ec);
            return fail("native-cache-unwritable", {directory.string(), ec.message()});
        }
        return load(library, fingerprint, true);
    }

private:
    static NativeBuild fail(std::string code, std::vector<std::string> args) {
        NativeBuild out;
        out.error = NativeBuildError{std::move(code), std::move(args)};
        return out;
    }

    std::string compiler_name() const {
        if (!options.compiler.empty()) return options.compiler;
        if (char const* cxx = std::getenv("CXX"); cxx && *cxx) return cxx;
        return "c++";
    }

    // The library's source: the generated rules, in a namespace of their own, and the two
    // functions the host looks up.
    std::string code(std::uint64_t fingerprint) const {
        std::string const name_space = "kisoku_native_" + hex(fingerprint);
        std::string out = generate_cpp(program, name_space);
        // Written as a header; compiled here as a file of its own.
        if (auto const once = out.find("#pragma once\n"); once != std::string::npos) out.erase(once, 13);
        out += "\n// What the host looks up (kisoku/eval/native_library.hpp).\n";
        out += "extern \"C\" __attribute__((visibility(\"default\"))) kisoku::eval::NativeRules const* ";
        out += native_rules_symbol;
        out += "() { return &" + name_space + "::rules; }\n";
        out += "extern \"C\" __attribute__((visibility(\"default\"))) std::uint64_t ";
        out += native_abi_symbol;
        out += "() { return kisoku::eval::native_abi(); }\n";
        return out;
    }

    NativeBuild load(std::filesystem::path const& library, std::uint64_t fingerprint, bool compiled) const {
        void* handle = dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!handle) {
            char const* why = dlerror();
            return fail("native-load-failed", {library.string(), why ? why : "dlopen failed"});
        }
        using RulesFunction = NativeRules const* (*)();
        using AbiFunction = std::uint64_t (*)();
        auto const rules = reinterpret_cast<RulesFunction>(dlsym(handle, native_rules_symbol));
        auto const abi = reinterpret_cast<AbiFunction>(dlsym(handle, native_abi_symbol));
        // The version and layout are checked before anything else in the library is read.
        if (!rules || !abi || abi() != native_abi() || rules()->fingerprint != fingerprint) {
            dlclose(handle);
            return fail("native-mismatch", {library.string()});
        }
        NativeBuild out;
        out.library.reset(new NativeLibrary(handle, rules(), library, compiled));
        return out;
    }
};

}  // namespace detail

// Compiles `program`'s rules to a shared library and loads it, or loads the one compiled before
// into options.cache_directory. On success, give library->rules() to an Evaluator or a Session
// (set_native) and keep `library` alive while they are used. On failure, `error` says why, and the
// program is decided without it.
inline NativeBuild build_native_library(Program const& program, NativeBuildOptions const& options) {
    try {
        return detail::NativeLibraryBuilder{program, options}.build();
    } catch (std::exception const& e) {
        NativeBuild out;
        out.error = NativeBuildError{"native-cache-unwritable", {options.cache_directory.string(), e.what()}};
        return out;
    }
}

}  // namespace kisoku::eval
