// SVD: LAPACK dgesdd (divide and conquer, through LAPACKE into OpenBLAS's
// LAPACK, sharing dgemm's thread pool) of an n x n column-major matrix.
// jobz = 'S': singular values and the thin U and V^T, as numpy.linalg.svd
// computes them in the seed (for a square matrix 'S' and 'A' are the same).
// Output layout: [ S (n, descending) | U (n x n) | VT (n x n) ].
// dgesdd destroys its input, so each iteration copies the input into the
// scratch matrix first; the input span is never written.

#include "workloads/fill_random.h"
#include "workloads/kernel_set.h"
#include "workloads/size_check.h"

#define LAPACK_COMPLEX_CPP // keep C99 _Complex out of C++
#include <lapacke.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>

namespace oversub::workloads_detail {
namespace {

// dgesdd's integer workspace is 8 n lapack_ints, held in doubles' worth.
size_t iworkDoubles(int size) {
    const size_t ints = 8 * static_cast<size_t>(size);
    return (ints * sizeof(lapack_int) + sizeof(double) - 1) / sizeof(double);
}

// The optimal real workspace dgesdd asks for (a workspace query, no work).
size_t optimalWork(int size) {
    double dummy = 0.0, query = 0.0;
    lapack_int idummy = 0;
    const lapack_int info = LAPACKE_dgesdd_work(LAPACK_COL_MAJOR, 'S', size, size, &dummy, size, &dummy, &dummy, size,
                                                &dummy, size, &query, -1, &idummy);
    if (info != 0) throw std::runtime_error("dgesdd workspace query failed, info " + std::to_string(info));
    // At least LAPACK's documented minimum for jobz = 'S': 4 n^2 + 7 n.
    const size_t n = static_cast<size_t>(size);
    return std::max(static_cast<size_t>(query), 4 * n * n + 7 * n);
}

class SvdKernel final : public Kernel {
public:
    Workload workload() const override { return Workload::Svd; }

    size_t inputDoubles(int size) const override { return square(size); }
    size_t outputDoubles(int size) const override { return 2 * square(size) + static_cast<size_t>(size); }
    // Copy of A + dgesdd's real and integer workspaces.
    size_t scratchDoubles(int size) const override { return square(size) + optimalWork(size) + iworkDoubles(size); }

    // Golub & Van Loan, Matrix Computations, Table 5.4.1 (Golub-Reinsch SVD,
    // computing Sigma, U1 and V of an m x n matrix): 14 m n^2 + 8 n^3 flops,
    // so 22 n^3 for m = n. dgesdd's divide and conquer differs in the lower
    // terms; this is the conventional count, not an operation trace.
    double flops(int size, int iterations) const override {
        const double n = size;
        return 22.0 * n * n * n * iterations;
    }
    // Compulsory traffic per decomposition: read A, write U, VT and S.
    double bytes(int size, int iterations) const override {
        const double n = size;
        return 8.0 * (3.0 * n * n + n) * iterations;
    }

    void fillInput(std::span<double> input, int size, uint64_t seed) const override {
        checkFillArguments(*this, input.size(), size);
        fillUniform(input, seed, -1.0, 1.0);
    }

    void run(std::span<const double> input, std::span<double> output, int size, int iterations) const override {
        checkRunArguments(*this, input.size(), output.size(), size, iterations);
        const size_t n2 = square(size);
        const size_t work = optimalWork(size);
        // Not zero-filled: dgesdd writes before it reads, and a memset would
        // be one more pass over ~5 n^2 doubles.
        const auto a = std::make_unique_for_overwrite<double[]>(n2);
        const auto workspace = std::make_unique_for_overwrite<double[]>(work);
        const auto iwork = std::make_unique_for_overwrite<lapack_int[]>(8 * static_cast<size_t>(size));
        double* s = output.data();
        double* u = s + size;
        double* vt = u + n2;
        for (int i = 0; i < iterations; ++i) {
            std::copy(input.begin(), input.end(), a.get());
            const lapack_int info =
                LAPACKE_dgesdd_work(LAPACK_COL_MAJOR, 'S', size, size, a.get(), size, s, u, size, vt, size,
                                    workspace.get(), static_cast<lapack_int>(work), iwork.get());
            if (info != 0)
                throw std::runtime_error("dgesdd failed (info " + std::to_string(info) +
                                         (info > 0 ? ": did not converge)" : ")"));
        }
    }

private:
    size_t square(int size) const { return checkedSquare(Workload::Svd, size); }
};

} // namespace

const Kernel& svdKernel() {
    static const SvdKernel kernel;
    return kernel;
}

} // namespace oversub::workloads_detail
