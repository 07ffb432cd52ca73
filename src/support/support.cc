// Shared utilities (checks, LEB128, file reading) used by every box.
#include "support/check.h"
