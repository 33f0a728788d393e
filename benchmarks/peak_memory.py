"""The peak memory of a benchmark's subprocess, as code the subprocess runs (``PEAK_MIB`` defines ``peak_mib()``).

ru_maxrss survives fork + exec on Linux, so a child reports at least the size of
the parent that started it (which may have written a large synthetic workbook);
the kernel's VmHWM is the new process's own peak. Elsewhere ru_maxrss is all there is.
"""

PEAK_MIB = """
import resource
def peak_mib():
    try:
        for line in open('/proc/self/status'):
            if line.startswith('VmHWM:'):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""
