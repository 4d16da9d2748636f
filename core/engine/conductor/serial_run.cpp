#include "conductor/serial_run.h"

#include "conductor/run_data.h"
#include "workloads/aligned_buffer.h"
#include "workloads/kernel.h"

namespace oversub::conductor {

double serialChecksum(const Experiment& experiment) {
    const Kernel& kernel = kernelFor(experiment.workload);
    const int size = static_cast<int>(experiment.size);
    AlignedBuffer input(kernel.inputDoubles(size)), output(kernel.outputDoubles(size));
    double sum = 0;
    for (int64_t task = 0; task < experiment.tasks; ++task) {
        kernel.fillInput(input.span(), size, taskSeed(experiment.seed, task));
        kernel.run(input.span(), output.span(), size, static_cast<int>(experiment.iterations));
        sum += checksum(output.span());
    }
    return sum;
}

} // namespace oversub::conductor
