#!/usr/bin/env python3
"""Writes NAS Parallel Benchmarks 3.4 (OpenMP) reports in the layout NPB's
c_print_results prints, with values made up for the tests: no NPB output we
may copy is public, and Debian has no NPB package.  CG class B, three runs
on "baseline" and three on "vm"; plus an MPI multi-zone report (Total
processes).  Run: python3 make.py"""
import random

rng = random.Random(11)
TEMPLATE = """

 NAS Parallel Benchmarks (NPB3.4-OMP) - CG Benchmark

 Size:      75000
 Iterations:    75
 Number of available threads:     4

   iteration           ||r||                 zeta
        1       1.39739246301323E-13    59.9994751578754
       75       3.44312566733013E-14    60.0000000000001
 Benchmark completed
 VERIFICATION SUCCESSFUL
 Zeta is      6.000000000000E+01
 Error is     1.184237892927E-15


 CG Benchmark Completed.
 Class           =                        B
 Size            =                    75000
 Iterations      =                       75
 Time in seconds =             {secs:12.2f}
 Total threads   =                        4
 Avail threads   =                        4
 Mop/s total     =             {mops:12.2f}
 Mop/s/thread    =             {mopt:12.2f}
 Operation type  =           floating point
 Verification    =               SUCCESSFUL
 Version         =                    3.4.2
 Compile date    =              20 Nov 2026

 Compile options:
    FC           = gfortran
    FLINK        = $(FC)
    F_LIB        = (none)
    F_INC        = (none)
    FFLAGS       = -O3 -fopenmp
    FLINKFLAGS   = $(FFLAGS)
    RAND         = randi8


 Please send all errors/feedbacks to:

 NPB Development Team
 npb@nas.nasa.gov


"""
OPS = 54.7e9  # floating-point operations of CG class B, so Mop/s = OPS / t
for config, factor in (("baseline", 1.0), ("vm", 0.74)):
    for r in (1, 2, 3):
        secs = round(25.74 / factor * (1 + rng.uniform(-0.02, 0.02)), 2)
        mops = OPS / secs / 1e6
        open("cg-%s-r%d.txt" % (config, r), "w").write(
            TEMPLATE.format(secs=secs, mops=mops, mopt=mops / 4))
mz = TEMPLATE.replace("CG Benchmark Completed.", "BT-MZ Benchmark Completed.").replace(
    " Total threads   =                        4\n Avail threads   =                        4\n",
    " Total processes =                        8\n Total threads   =                       48\n")
open("btmz-mpi.txt", "w").write(mz.format(secs=14.35, mops=169157.12, mopt=169157.12 / 48).replace(
    " Class           =                        B", " Class           =                        C"))
