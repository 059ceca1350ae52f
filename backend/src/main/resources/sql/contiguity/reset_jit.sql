-- JIT as configured again, after contiguity's patches.
SET LOCAL jit TO DEFAULT
