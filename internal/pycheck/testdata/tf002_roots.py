# pycheck: roots=/scratch,/mnt/fast-tmp/
# TF002 with extra temporary roots from the configuration.
import os

os.makedirs("/scratch/jobs")  # want TF002
open("/mnt/fast-tmp/out.bin", "wb")  # want TF002
open("/scratchpad/out.bin", "wb")
open("/tmp/still.bin", "wb")  # want TF002
