#pragma once
// A set of PUs named by their OS index (the numbers taskset, /proc and
// sched_setaffinity use). Dynamic, so it holds any machine up to kMaxIndex
// PUs; stored as 64-bit words with no trailing zero word, so two equal sets
// compare equal word by word.

#include <cstdint>
#include <string>
#include <vector>

namespace oversub {

class CpuSet {
public:
    // Largest OS index a set can hold (Linux allows at most 8192 CPUs today).
    static constexpr int kMaxIndex = 65535;

    CpuSet() = default;
    static CpuSet fromVector(const std::vector<int>& osIndices);
    static CpuSet range(int first, int last); // inclusive; empty when last < first

    // Throw std::out_of_range for an index outside 0..kMaxIndex.
    void add(int osIndex);
    void addRange(int first, int last); // inclusive
    void remove(int osIndex); // indices outside the range are simply absent
    void clear() { words_.clear(); }

    bool contains(int osIndex) const;
    int count() const;
    bool empty() const { return words_.empty(); }
    int first() const; // -1 when empty
    int last() const; // -1 when empty
    int next(int after) const; // smallest member > after, -1 when none

    std::vector<int> toVector() const; // ascending
    std::string toList() const; // "0-3,8" as the kernel prints lists, "" when empty
    std::string toHexMask() const; // "0x3", long masks unbroken as taskset prints them
    std::string toHwlocMask() const; // "0x00000100,0x00000001" as hwloc-calc prints them

    CpuSet unite(const CpuSet& other) const;
    CpuSet intersect(const CpuSet& other) const;
    CpuSet subtract(const CpuSet& other) const;
    bool intersects(const CpuSet& other) const;
    bool isSubsetOf(const CpuSet& other) const;

    CpuSet operator|(const CpuSet& other) const { return unite(other); }
    CpuSet operator&(const CpuSet& other) const { return intersect(other); }
    CpuSet operator-(const CpuSet& other) const { return subtract(other); }
    CpuSet& operator|=(const CpuSet& other) { return *this = unite(other); }
    CpuSet& operator&=(const CpuSet& other) { return *this = intersect(other); }
    CpuSet& operator-=(const CpuSet& other) { return *this = subtract(other); }
    bool operator==(const CpuSet& other) const = default;

    // Bit i of word i/64 is PU i; for sched_setaffinity and the hex parsers.
    const std::vector<uint64_t>& words() const { return words_; }
    static CpuSet fromWords(std::vector<uint64_t> words);

private:
    void trim();
    std::vector<uint64_t> words_;
};

} // namespace oversub
