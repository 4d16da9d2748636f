// AlignedBuffer: zeroed, aligned, every page resident when it is made (so no
// page fault lands inside a timed run), and big buffers on a huge-page
// boundary.

#include "workloads/aligned_buffer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include <sys/mman.h>
#include <unistd.h>

namespace oversub {
namespace {

// Pages of [data, data + bytes) not in memory right now (mincore).
size_t pagesNotResident(const void* data, size_t bytes) {
    const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    const auto start = reinterpret_cast<uintptr_t>(data) / page * page;
    const size_t length = reinterpret_cast<uintptr_t>(data) + bytes - start;
    std::vector<unsigned char> resident((length + page - 1) / page);
    if (::mincore(reinterpret_cast<void*>(start), length, resident.data()) != 0) return resident.size();
    return static_cast<size_t>(
        std::count_if(resident.begin(), resident.end(), [](unsigned char r) { return !(r & 1); }));
}

bool allZero(const AlignedBuffer& buffer) {
    return std::all_of(buffer.span().begin(), buffer.span().end(), [](double v) { return v == 0.0; });
}

TEST(AlignedBuffer, SmallBufferIsZeroedAlignedAndFromTheHeap) {
    AlignedBuffer buffer(1000);
    ASSERT_EQ(buffer.size(), 1000u);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(buffer.data()) % AlignedBuffer::kAlignmentBytes, 0u);
    EXPECT_FALSE(buffer.isMapped());
    EXPECT_TRUE(allZero(buffer));
}

TEST(AlignedBuffer, BigBufferIsOnAHugePageBoundaryAndResident) {
    const size_t doubles = (size_t{8} << 20) / sizeof(double) + 3; // 8 MiB and a bit: 5 huge pages
    AlignedBuffer buffer(doubles);
    ASSERT_EQ(buffer.size(), doubles);
    EXPECT_TRUE(buffer.isMapped());
    EXPECT_EQ(reinterpret_cast<uintptr_t>(buffer.data()) % AlignedBuffer::kHugePageBytes, 0u);
    EXPECT_EQ(pagesNotResident(buffer.data(), doubles * sizeof(double)), 0u);
    EXPECT_TRUE(allZero(buffer));
    buffer.span().back() = 1.5; // the whole length is writable
    EXPECT_EQ(buffer.data()[doubles - 1], 1.5);
}

TEST(AlignedBuffer, MoveHandsOverTheMappingAndEmptiesTheSource) {
    AlignedBuffer source((size_t{4} << 20) / sizeof(double));
    double* data = source.data();
    data[7] = 3.0;
    AlignedBuffer target(std::move(source));
    EXPECT_EQ(target.data(), data);
    EXPECT_EQ(target.data()[7], 3.0);
    EXPECT_TRUE(target.isMapped());
    EXPECT_EQ(source.data(), nullptr); // NOLINT(bugprone-use-after-move): moved-from state is specified
    EXPECT_EQ(source.size(), 0u);

    AlignedBuffer small(16);
    small = std::move(target);
    EXPECT_EQ(small.data(), data);
    EXPECT_EQ(small.size(), (size_t{4} << 20) / sizeof(double));
}

TEST(AlignedBuffer, EmptyBufferHoldsNothing) {
    AlignedBuffer buffer(0);
    EXPECT_EQ(buffer.data(), nullptr);
    EXPECT_EQ(buffer.size(), 0u);
    EXPECT_TRUE(buffer.span().empty());
}

} // namespace
} // namespace oversub
