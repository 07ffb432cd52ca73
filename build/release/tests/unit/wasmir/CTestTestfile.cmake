# CMake generated Testfile for 
# Source directory: /work/main/tests/unit/wasmir
# Build directory: /work/main/build/release/tests/unit/wasmir
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
add_test([=[unit.wasmir]=] "/work/main/build/release/tests/unit/wasmir/test_wasmir")
set_tests_properties([=[unit.wasmir]=] PROPERTIES  LABELS "unit" _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;21;add_test;/work/main/tests/unit/wasmir/CMakeLists.txt;1;wr_unit_test;/work/main/tests/unit/wasmir/CMakeLists.txt;0;")
