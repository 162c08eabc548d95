# The scheduler (src/sched, docs/scheduler.md): COIN-OR CLP solves the LP
# relaxation behind the upper bound (sched_lp.c); coinor-cbc is the exact
# solver of the benchmarks only (bench/sched).
RUN_DEBS += coinor-libclp-dev
DEBS += coinor-cbc
PKGS += clp
