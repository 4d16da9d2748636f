#include "cpuset/cpuset.h"

#include <algorithm>
#include <bit>
#include <cstdio>
#include <stdexcept>

namespace oversub {

namespace {
constexpr int kWordBits = 64;

void checkIndex(int osIndex) {
    if (osIndex < 0 || osIndex > CpuSet::kMaxIndex)
        throw std::out_of_range("CpuSet: PU index " + std::to_string(osIndex) + " outside 0-" +
                                std::to_string(CpuSet::kMaxIndex));
}
} // namespace

CpuSet CpuSet::fromVector(const std::vector<int>& osIndices) {
    CpuSet set;
    for (int i : osIndices) set.add(i);
    return set;
}

CpuSet CpuSet::range(int first, int last) {
    CpuSet set;
    set.addRange(first, last);
    return set;
}

CpuSet CpuSet::fromWords(std::vector<uint64_t> words) {
    if (words.size() > static_cast<size_t>(kMaxIndex / kWordBits) + 1)
        throw std::out_of_range("CpuSet: mask longer than " + std::to_string(kMaxIndex + 1) + " bits");
    CpuSet set;
    set.words_ = std::move(words);
    set.trim();
    return set;
}

void CpuSet::trim() {
    while (!words_.empty() && words_.back() == 0) words_.pop_back();
}

void CpuSet::add(int osIndex) {
    checkIndex(osIndex);
    const size_t word = static_cast<size_t>(osIndex / kWordBits);
    if (words_.size() <= word) words_.resize(word + 1, 0);
    words_[word] |= uint64_t{1} << (osIndex % kWordBits);
}

void CpuSet::addRange(int first, int last) {
    if (last < first) return;
    checkIndex(first);
    checkIndex(last);
    const size_t lastWord = static_cast<size_t>(last / kWordBits);
    if (words_.size() <= lastWord) words_.resize(lastWord + 1, 0);
    // Whole words at a time, so a long range costs words, not bits.
    for (size_t w = static_cast<size_t>(first / kWordBits); w <= lastWord; ++w) {
        const int lo = std::max(first, static_cast<int>(w) * kWordBits) - static_cast<int>(w) * kWordBits;
        const int hi =
            std::min(last, static_cast<int>(w) * kWordBits + kWordBits - 1) - static_cast<int>(w) * kWordBits;
        const uint64_t upper = hi == kWordBits - 1 ? ~uint64_t{0} : (uint64_t{1} << (hi + 1)) - 1;
        const uint64_t lower = (uint64_t{1} << lo) - 1;
        words_[w] |= upper & ~lower;
    }
}

void CpuSet::remove(int osIndex) {
    if (osIndex < 0) return;
    const size_t word = static_cast<size_t>(osIndex / kWordBits);
    if (word >= words_.size()) return;
    words_[word] &= ~(uint64_t{1} << (osIndex % kWordBits));
    trim();
}

bool CpuSet::contains(int osIndex) const {
    if (osIndex < 0) return false;
    const size_t word = static_cast<size_t>(osIndex / kWordBits);
    return word < words_.size() && (words_[word] >> (osIndex % kWordBits) & 1u) != 0;
}

int CpuSet::count() const {
    int n = 0;
    for (uint64_t w : words_) n += std::popcount(w);
    return n;
}

int CpuSet::first() const { return next(-1); }

int CpuSet::last() const {
    if (words_.empty()) return -1;
    const uint64_t top = words_.back();
    return static_cast<int>(words_.size() - 1) * kWordBits + (kWordBits - 1 - std::countl_zero(top));
}

int CpuSet::next(int after) const {
    int start = after + 1;
    if (start < 0) start = 0;
    size_t w = static_cast<size_t>(start / kWordBits);
    if (w >= words_.size()) return -1;
    uint64_t bits = words_[w] & (~uint64_t{0} << (start % kWordBits));
    while (true) {
        if (bits != 0) return static_cast<int>(w) * kWordBits + std::countr_zero(bits);
        if (++w >= words_.size()) return -1;
        bits = words_[w];
    }
}

std::vector<int> CpuSet::toVector() const {
    std::vector<int> out;
    out.reserve(static_cast<size_t>(count()));
    for (int i = first(); i >= 0; i = next(i)) out.push_back(i);
    return out;
}

std::string CpuSet::toList() const {
    std::string out;
    int i = first();
    while (i >= 0) {
        int end = i;
        while (contains(end + 1)) ++end;
        if (!out.empty()) out += ',';
        out += std::to_string(i);
        if (end > i) out += '-' + std::to_string(end);
        i = next(end);
    }
    return out;
}

std::string CpuSet::toHexMask() const {
    if (words_.empty()) return "0x0";
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(words_.back()));
    std::string out = buffer;
    for (size_t w = words_.size() - 1; w-- > 0;) {
        std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(words_[w]));
        out += buffer;
    }
    return out;
}

std::string CpuSet::toHwlocMask() const {
    // 32-bit groups, most significant first, each "0x%08x"; at least one group.
    std::vector<uint32_t> groups;
    for (uint64_t w : words_) {
        groups.push_back(static_cast<uint32_t>(w));
        groups.push_back(static_cast<uint32_t>(w >> 32));
    }
    while (groups.size() > 1 && groups.back() == 0) groups.pop_back();
    if (groups.empty()) groups.push_back(0);
    std::string out;
    char buffer[16];
    for (size_t g = groups.size(); g-- > 0;) {
        std::snprintf(buffer, sizeof buffer, "0x%08x", groups[g]);
        if (!out.empty()) out += ',';
        out += buffer;
    }
    return out;
}

CpuSet CpuSet::unite(const CpuSet& other) const {
    CpuSet out = words_.size() >= other.words_.size() ? *this : other;
    const CpuSet& smaller = words_.size() >= other.words_.size() ? other : *this;
    for (size_t w = 0; w < smaller.words_.size(); ++w) out.words_[w] |= smaller.words_[w];
    return out;
}

CpuSet CpuSet::intersect(const CpuSet& other) const {
    CpuSet out;
    out.words_.resize(std::min(words_.size(), other.words_.size()));
    for (size_t w = 0; w < out.words_.size(); ++w) out.words_[w] = words_[w] & other.words_[w];
    out.trim();
    return out;
}

CpuSet CpuSet::subtract(const CpuSet& other) const {
    CpuSet out = *this;
    for (size_t w = 0; w < std::min(out.words_.size(), other.words_.size()); ++w) out.words_[w] &= ~other.words_[w];
    out.trim();
    return out;
}

bool CpuSet::intersects(const CpuSet& other) const {
    for (size_t w = 0; w < std::min(words_.size(), other.words_.size()); ++w)
        if (words_[w] & other.words_[w]) return true;
    return false;
}

bool CpuSet::isSubsetOf(const CpuSet& other) const { return subtract(other).empty(); }

} // namespace oversub
