// oversub-cli finds its resources relative to its own binary, so an installed
// or unpacked tree (bin/oversub-cli beside share/oversub) uses its own
// scripts wherever it lies, and a binary in the build tree the source tree's
// (core/engine/external/resources_dir.h). Seen through the consent rule: a
// preset's program runs without --allow-command only from the shipped folder.

#include "process_temp_dir.h"
#include "run_cli.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace fs = std::filesystem;
using oversub::test::runCli;
using oversub::test::runProgram;

namespace {

const oversub::test::ProcessTempDir& tempDir() {
    static const oversub::test::ProcessTempDir dir("oversub-install-layout-");
    return dir;
}

// A copy of oversub-cli in <root>/bin, with <root>/share/oversub/scripts when `withData`.
std::string copyTree(const std::string& name, bool withData) {
    const fs::path root = tempDir().file(name);
    fs::create_directories(root / "bin");
    fs::copy_file(OVERSUB_CLI_PATH, root / "bin" / "oversub-cli", fs::copy_options::overwrite_existing);
    if (withData) {
        fs::create_directories(root / "share" / "oversub" / "scripts");
        fs::copy_file(fs::path(OVERSUB_SOURCE_DIR) / "resources" / "scripts" / "pool_matmul.py",
                      root / "share" / "oversub" / "scripts" / "pool_matmul.py", fs::copy_options::overwrite_existing);
    }
    return (root / "bin" / "oversub-cli").string();
}

const std::vector<std::string> kResolvePreset{"knobs", "resolve", "--preset", "your-own-script"};
const std::string kSourceResources = std::string(OVERSUB_SOURCE_DIR) + "/resources";

} // namespace

TEST(InstallLayoutCli, AnUnpackedTreeUsesTheDataBesideItsBinary) {
    const std::string cli = copyTree("usr", true);
    const std::string data = fs::canonical(tempDir().file("usr/share/oversub")).string();
    const auto own = runProgram(cli, kResolvePreset, "", {"OVERSUB_RESOURCES=" + data});
    EXPECT_EQ(own.exitStatus, 0) << "its own share/oversub is not the shipped folder: " << own.err;
    EXPECT_EQ(runProgram(cli, kResolvePreset).exitStatus, 0);

    const auto source = runProgram(cli, kResolvePreset, "", {"OVERSUB_RESOURCES=" + kSourceResources});
    EXPECT_EQ(source.exitStatus, 2) << "the source tree still counts as shipped: " << source.err;
    EXPECT_NE(source.err.find("OVERSUB_RESOURCES=" + kSourceResources), std::string::npos) << source.err;
}

TEST(InstallLayoutCli, ABinaryWithoutDataBesideItUsesTheSourceTree) {
    const std::string cli = copyTree("bare", false);
    const auto r = runProgram(cli, kResolvePreset, "", {"OVERSUB_RESOURCES=" + kSourceResources});
    EXPECT_EQ(r.exitStatus, 0) << r.err;
    const auto built = runCli(kResolvePreset, "", {"OVERSUB_RESOURCES=" + kSourceResources});
    EXPECT_EQ(built.exitStatus, 0) << built.err;
}
