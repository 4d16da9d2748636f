// The conductor's building blocks on their own: the static split and the
// dynamic queue, the framed pipe protocol (non-blocking writer and reader
// against each other, payloads landing in place), shared-memory segments
// that never appear in /dev/shm and reach a forked child through their
// descriptor, and the memory preflight.

#include "conductor/memory_preflight.h"
#include "conductor/shared_memory.h"
#include "conductor/task_plan.h"
#include "conductor/wire.h"

#include "proc_checks.h"
#include "shm_descriptors.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace oversub;
using namespace oversub::conductor;

TEST(TaskPlan, StaticChunksAreContiguousAndCoverEveryTaskOnce) {
    const auto chunks = staticChunks(10, 4);
    ASSERT_EQ(chunks.size(), 4u);
    EXPECT_EQ(chunks[0], (TaskRange{0, 3}));
    EXPECT_EQ(chunks[1], (TaskRange{3, 3}));
    EXPECT_EQ(chunks[2], (TaskRange{6, 2}));
    EXPECT_EQ(chunks[3], (TaskRange{8, 2}));
    const auto fewer = staticChunks(2, 3);
    EXPECT_EQ(fewer[2].count, 0);
    EXPECT_EQ(fewer[0].count + fewer[1].count, 2);
}

TEST(TaskPlan, DynamicQueueHandsOutChunksUntilEmpty) {
    TaskQueue queue(7, 3);
    EXPECT_EQ(queue.next(), (TaskRange{0, 3}));
    EXPECT_EQ(queue.next(), (TaskRange{3, 3}));
    EXPECT_EQ(queue.next(), (TaskRange{6, 1}));
    EXPECT_FALSE(queue.next().has_value());
}

TEST(Wire, FramesCrossAPipeWithPayloadInPlace) {
    int fds[2];
    ASSERT_EQ(::pipe2(fds, O_NONBLOCK), 0);
    std::vector<double> payload(300000); // bigger than the pipe: needs several flushes
    for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<double>(i);
    wire::OutboundQueue out;
    const wire::AssignRecord assign{5, 2};
    out.push(wire::Kind::Assign, -1, wire::asBytes(assign), {});
    out.push(wire::Kind::TaskInput, 5, {}, std::as_bytes(std::span(payload)));

    std::vector<double> landed(payload.size());
    wire::FrameReader reader;
    std::vector<wire::Kind> kinds;
    wire::AssignRecord gotAssign{};
    bool open = true;
    while (!out.empty() || reader.midFrame() || kinds.size() < 2) {
        ASSERT_TRUE(out.flush(fds[1]));
        open = reader.pump(
            fds[0],
            [&](const wire::Header& h, std::span<const std::byte>) -> std::span<std::byte> {
                return h.kind == wire::Kind::TaskInput ? std::as_writable_bytes(std::span(landed))
                                                       : std::span<std::byte>{};
            },
            [&](const wire::Header& h, std::span<const std::byte> record, std::span<const std::byte>) {
            kinds.push_back(h.kind);
            if (h.kind == wire::Kind::Assign) std::memcpy(&gotAssign, record.data(), sizeof gotAssign);
            });
        ASSERT_TRUE(open);
    }
    EXPECT_THAT(kinds, testing::ElementsAre(wire::Kind::Assign, wire::Kind::TaskInput));
    EXPECT_EQ(gotAssign.first, 5);
    EXPECT_EQ(gotAssign.count, 2);
    EXPECT_EQ(landed, payload);
    ::close(fds[1]);
    EXPECT_FALSE(reader.pump(fds[0], {}, {})); // EOF
    ::close(fds[0]);
}

// A worker's view of a segment: inherits the descriptor through fork, maps it
// itself, reads what the conductor wrote and writes a result back.
TEST(SharedMemory, ForkedChildMapsTheInheritedDescriptorAndSharesTheData) {
    ShmSegment segment = ShmSegment::create("oversub-test-segment", 1 << 16);
    ASSERT_GE(segment.fd(), 0);
    segment.doubles()[7] = 42.0;
    double* conductorView = segment.doubles().data();
    const pid_t child = ::fork();
    if (child == 0) {
        // The creator's mapping is not inherited (MADV_DONTFORK): msync of
        // an address range with no mapping fails with ENOMEM.
        const bool creatorsMappingAbsent = ::msync(conductorView, 4096, MS_ASYNC) != 0 && errno == ENOMEM;
        try {
            ShmSegment mine = ShmSegment::attach(segment.fd(), 1 << 16, true);
            const bool descriptorClosed = ::fcntl(segment.fd(), F_GETFD) < 0;
            if (mine.doubles()[7] != 42.0) ::_exit(2);
            mine.doubles()[8] = 43.0;
            ::_exit(creatorsMappingAbsent && descriptorClosed ? 0 : 3);
        } catch (...) {
            ::_exit(4);
        }
    }
    ASSERT_GT(child, 0);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << "2: wrong data, 3: mapping or descriptor inherited, 4: attach threw";
    EXPECT_EQ(segment.doubles()[8], 43.0);
    // Nothing in /dev/shm while it lives, only a descriptor and a mapping:
    // the memory file is not even on the /dev/shm file system.
    EXPECT_THAT(test::shmEntries("oversub-test-segment"), testing::IsEmpty());
    struct stat segmentInfo {
    }, shmDirInfo{};
    ASSERT_EQ(::fstat(segment.fd(), &segmentInfo), 0);
    ASSERT_EQ(::stat("/dev/shm", &shmDirInfo), 0);
    EXPECT_NE(segmentInfo.st_dev, shmDirInfo.st_dev);
    EXPECT_THAT(test::openShmSegmentDescriptors(), testing::ElementsAre("/memfd:oversub-test-segment (deleted)"));
}

TEST(SharedMemory, DescriptorIsCloseOnExecAndClosedWithItsOwner) {
    int fd = -1;
    {
        ShmSegment segment = ShmSegment::create("oversub-test-cloexec", 4096);
        fd = segment.fd();
        ASSERT_GE(fd, 0);
        const int flags = ::fcntl(fd, F_GETFD);
        ASSERT_GE(flags, 0);
        EXPECT_TRUE(flags & FD_CLOEXEC); // an exec'd --command program never gets it
        ShmSegment moved = std::move(segment);
        EXPECT_EQ(segment.fd(), -1);
        EXPECT_EQ(moved.fd(), fd);
    }
    EXPECT_LT(::fcntl(fd, F_GETFD), 0);
    EXPECT_THAT(test::openShmSegmentDescriptors(), testing::IsEmpty());
}

TEST(SharedMemory, TwoSegmentsWithTheSameLabelAreDistinct) {
    // A label is no name: nobody can open it, so creating one cannot clash.
    ShmSegment first = ShmSegment::create("oversub-test-twice", 4096);
    ShmSegment second = ShmSegment::create("oversub-test-twice", 4096);
    first.doubles()[0] = 1.0;
    second.doubles()[0] = 2.0;
    EXPECT_EQ(first.doubles()[0], 1.0);
}

TEST(MemoryPreflight, RefusesWithTheNumbersWhenTheRunDoesNotFit) {
    Experiment e;
    e.workload = Workload::Gemm;
    e.size = 4000; // 128 MB a task
    e.tasks = 64;
    e.delivery = Delivery::Pipe;
    e.result = ResultReturn::Full;
    const MemoryEstimate estimate = estimateMemory(e);
    EXPECT_EQ(estimate.inputBytes, 64ull * 4000 * 4000 * 2 * sizeof(double));
    EXPECT_EQ(estimate.resultBytes, 64ull * 4000 * 4000 * sizeof(double));
    try {
        checkMemory(e, uint64_t{1} << 30);
        FAIL() << "a run of about 24 GiB fitted in 1 GiB";
    } catch (const MemoryRefused& refused) {
        EXPECT_EQ(refused.field(), "memory");
        EXPECT_THAT(refused.what(), testing::HasSubstr("1.0 GiB"));
        EXPECT_THAT(refused.what(), testing::HasSubstr("inputs"));
    }
    e.delivery = Delivery::Generate;
    e.result = ResultReturn::Scalar;
    e.size = 100;
    EXPECT_NO_THROW(checkMemory(e, uint64_t{1} << 30));
}

// The documented maximum of small workers fits where it really runs: 4,096
// workers took about 2 GiB measured (bench/scale/worker_memory.sh), so a
// machine with 24 GiB available must not refuse them.
TEST(MemoryPreflight, TheMaximumOfSmallWorkersFitsIn24GiB) {
    Experiment e;
    e.workload = Workload::Gemm;
    e.size = 64;
    e.tasks = 4096;
    e.workers = 4096;
    e.delivery = Delivery::Generate;
    EXPECT_NO_THROW(checkMemory(e, uint64_t{24} << 30));
    EXPECT_THROW(checkMemory(e, uint64_t{4} << 30), MemoryRefused); // and still refuses where it cannot
}

// Segments named by Oversub versions before memfd: removed when this user's
// and their conductor is gone; anything else in /dev/shm is left alone.
TEST(SharedMemory, LegacySegmentsOfDeadConductorsAreRemoved) {
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    int status = 0;
    ::waitpid(child, &status, 0); // `child` is now a pid nobody has
    const std::string dead = "/oversub-" + std::to_string(child);
    const std::string alive = "/oversub-" + std::to_string(::getpid());
    const std::vector<std::string> removed{dead + "-0-inputs", dead + "-12-results"};
    const std::vector<std::string> kept{alive + "-0-inputs", dead + "-0-notes", dead + "-inputs"};
    for (const auto& name : removed) {
        const int fd = ::shm_open(name.c_str(), O_CREAT | O_RDWR, 0600);
        ASSERT_GE(fd, 0) << name;
        ::close(fd);
    }
    for (const auto& name : kept) {
        const int fd = ::shm_open(name.c_str(), O_CREAT | O_RDWR, 0600);
        ASSERT_GE(fd, 0) << name;
        ::close(fd);
    }
    EXPECT_GE(removeOrphanedSegments(), 2);
    for (const auto& name : removed) EXPECT_THAT(test::shmEntries(name.substr(1)), testing::IsEmpty());
    for (const auto& name : kept) {
        EXPECT_THAT(test::shmEntries(name.substr(1)), testing::SizeIs(1));
        ::shm_unlink(name.c_str());
    }
}
