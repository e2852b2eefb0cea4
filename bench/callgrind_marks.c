/* Callgrind's client requests for bench/instructions.py, called through ctypes.
 *
 * Python cannot issue a client request itself (it is a magic instruction sequence, not a
 * function), so the counter compiles this file with gcc at run time. Outside valgrind every
 * request is a no-op.
 */
#include <valgrind/callgrind.h>

void marks_start_instrumentation(void) { CALLGRIND_START_INSTRUMENTATION; }

void marks_toggle_collect(void) { CALLGRIND_TOGGLE_COLLECT; }

/* Writes the counts gathered since the last dump under `label`, then zeroes them. */
void marks_dump(const char *label) { CALLGRIND_DUMP_STATS_AT(label); }
