#include "conductor/wire.h"

#include "util/fd_io.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>

namespace oversub::conductor::wire {

namespace {
constexpr uint32_t kMaxRecordBytes = 1u << 20; // tids and PU lists of a 64k-PU machine fit
}

bool writeFrame(int fd, Kind kind, int32_t task, std::span<const std::byte> record, std::span<const std::byte> data) {
    const Header header{kind, task, static_cast<uint32_t>(record.size()), 0, data.size()};
    iovec iov[3] = {{const_cast<Header*>(&header), sizeof header},
                    {const_cast<std::byte*>(record.data()), record.size()},
                    {const_cast<std::byte*>(data.data()), data.size()}};
    int first = 0;
    while (first < 3) {
        const ssize_t n = ::writev(fd, iov + first, 3 - first);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        size_t left = static_cast<size_t>(n);
        while (first < 3 && left >= iov[first].iov_len) {
            left -= iov[first].iov_len;
            ++first;
        }
        if (first < 3) {
            iov[first].iov_base = static_cast<char*>(iov[first].iov_base) + left;
            iov[first].iov_len -= left;
        }
    }
    return true;
}

int enlargePipe(int fd, int bytes) {
    const int set = ::fcntl(fd, F_SETPIPE_SZ, bytes);
    return set > 0 ? set : ::fcntl(fd, F_GETPIPE_SZ);
}

void OutboundQueue::push(Kind kind, int32_t task, std::span<const std::byte> record, std::span<const std::byte> data) {
    Piece piece;
    const Header header{kind, task, static_cast<uint32_t>(record.size()), 0, data.size()};
    const auto headerBytes = asBytes(header);
    piece.owned.assign(headerBytes.begin(), headerBytes.end());
    piece.owned.insert(piece.owned.end(), record.begin(), record.end());
    piece.borrowed = data;
    pieces_.push_back(std::move(piece));
}

size_t OutboundQueue::pendingBytes() const {
    size_t total = 0;
    for (const auto& p : pieces_) total += p.owned.size() + p.borrowed.size() - p.offset;
    return total;
}

bool OutboundQueue::flush(int fd) {
    while (!pieces_.empty()) {
        Piece& piece = pieces_.front();
        iovec iov[2];
        int count = 0;
        const size_t ownedSize = piece.owned.size();
        if (piece.offset < ownedSize) {
            iov[count++] = {piece.owned.data() + piece.offset, ownedSize - piece.offset};
            if (!piece.borrowed.empty())
                iov[count++] = {const_cast<std::byte*>(piece.borrowed.data()), piece.borrowed.size()};
        } else {
            const size_t done = piece.offset - ownedSize;
            iov[count++] = {const_cast<std::byte*>(piece.borrowed.data()) + done, piece.borrowed.size() - done};
        }
        const ssize_t n = ::writev(fd, iov, count);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno == EAGAIN;
        }
        piece.offset += static_cast<size_t>(n);
        if (piece.offset == ownedSize + piece.borrowed.size()) pieces_.pop_front();
        else return true; // the pipe is full
    }
    return true;
}

bool FrameReader::pump(int fd, const DataTarget& target, const OnFrame& onFrame) {
    for (;;) {
        std::byte* dest = nullptr;
        size_t want = 0;
        switch (stage_) {
        case Stage::Header:
            dest = reinterpret_cast<std::byte*>(&header_) + got_;
            want = sizeof header_ - got_;
            break;
        case Stage::Record:
            dest = record_.data() + got_;
            want = record_.size() - got_;
            break;
        case Stage::Data:
            dest = data_.data() + got_;
            want = data_.size() - got_;
            break;
        }
        if (want > 0) {
            const ssize_t n = ::read(fd, dest, want);
            if (n == 0) return false;
            if (n < 0) {
                if (errno == EINTR) continue;
                return errno == EAGAIN;
            }
            got_ += static_cast<size_t>(n);
            if (static_cast<size_t>(n) < want) continue;
        }
        // The current stage is complete.
        got_ = 0;
        if (stage_ == Stage::Header) {
            if (header_.recordBytes > kMaxRecordBytes)
                throw std::runtime_error("malformed frame from worker (record of " +
                                         std::to_string(header_.recordBytes) + " bytes)");
            record_.resize(header_.recordBytes);
            stage_ = Stage::Record;
        } else if (stage_ == Stage::Record) {
            auto span = header_.dataBytes > 0 ? target(header_, record_) : std::span<std::byte>{};
            if (header_.dataBytes > 0 && span.empty()) {
                ownedData_.resize(header_.dataBytes);
                span = ownedData_;
            }
            if (span.size() != header_.dataBytes)
                throw std::runtime_error("malformed frame from worker (" + std::to_string(header_.dataBytes) +
                                         " data bytes, " + std::to_string(span.size()) + " expected)");
            data_ = span;
            stage_ = Stage::Data;
        } else {
            stage_ = Stage::Header;
            onFrame(header_, record_, data_);
            data_ = {};
        }
    }
}

} // namespace oversub::conductor::wire
