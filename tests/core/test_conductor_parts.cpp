// The conductor's building blocks on their own: the static split and the
// dynamic queue, the framed pipe protocol (non-blocking writer and reader
// against each other, payloads landing in place), shared-memory segments
// that vanish from /dev/shm with their owner, and the memory preflight.

#include "conductor/memory_preflight.h"
#include "conductor/shared_memory.h"
#include "conductor/task_plan.h"
#include "conductor/wire.h"

#include "proc_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>

#include <fcntl.h>
#include <sys/mman.h>
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

TEST(SharedMemory, SegmentIsUnlinkedWhenItsOwnerGoes) {
    const std::string name = shmNamePrefix() + "test-segment";
    const std::string entry = name.substr(1);
    {
        ShmSegment segment = ShmSegment::create(name, 1 << 16);
        segment.doubles()[7] = 42.0;
        EXPECT_THAT(test::shmEntries(entry), testing::ElementsAre(entry));
        ShmSegment reader = ShmSegment::openShared(name, 1 << 16, false);
        EXPECT_EQ(reader.doubles()[7], 42.0);
    }
    EXPECT_THAT(test::shmEntries(entry), testing::IsEmpty());
}

TEST(SharedMemory, CreatingAnExistingSegmentFailsAndLeavesTheOtherAlone) {
    const std::string name = shmNamePrefix() + "test-twice";
    ShmSegment first = ShmSegment::create(name, 4096);
    EXPECT_THROW(ShmSegment::create(name, 4096), std::runtime_error);
    EXPECT_THAT(test::shmEntries(name.substr(1)), testing::SizeIs(1));
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

TEST(SharedMemory, OrphanedSegmentsOfDeadConductorsAreRemoved) {
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    int status = 0;
    ::waitpid(child, &status, 0); // `child` is now a pid nobody has
    const std::string orphan = "/oversub-" + std::to_string(child) + "-0-inputs";
    const int fd = ::shm_open(orphan.c_str(), O_CREAT | O_RDWR, 0600);
    ASSERT_GE(fd, 0);
    ::close(fd);
    ShmSegment mine = ShmSegment::create(shmNamePrefix() + "alive", 4096);
    EXPECT_GE(removeOrphanedSegments(), 1);
    EXPECT_THAT(test::shmEntries(orphan.substr(1)), testing::IsEmpty());
    EXPECT_THAT(test::shmEntries(mine.name().substr(1)), testing::SizeIs(1)); // its owner is alive
}
