-- JIT as configured again, for the statements after the park assessment's land.
SET LOCAL jit TO DEFAULT
