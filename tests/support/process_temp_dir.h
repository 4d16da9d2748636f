#pragma once
// A folder under the temp directory for one test process, removed with
// everything in it when the process exits: tests leave nothing behind.
//
//   static const oversub::test::ProcessTempDir dir("oversub-test-run-");
//   std::string path = dir.file("r.json");

#include <filesystem>
#include <string>
#include <system_error>

#include <unistd.h>

namespace oversub::test {

class ProcessTempDir {
public:
    explicit ProcessTempDir(const std::string& prefix)
        : path_(std::filesystem::temp_directory_path() / (prefix + std::to_string(::getpid()))) {
        std::filesystem::create_directories(path_);
    }
    ~ProcessTempDir() {
        std::error_code ignored; // at exit: nothing left to report to
        std::filesystem::remove_all(path_, ignored);
    }
    ProcessTempDir(const ProcessTempDir&) = delete;
    ProcessTempDir& operator=(const ProcessTempDir&) = delete;

    std::string path() const { return path_.string(); }
    // A file (or folder) of that name inside it.
    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

} // namespace oversub::test
