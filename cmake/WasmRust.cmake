# Shared build settings and the helper that turns a source folder into a "box".

set(WR_WARNINGS -Wall -Wextra -Wno-missing-field-initializers)
set(WR_SAN_FLAGS)
if(WR_SANITIZE)
  set(WR_SAN_FLAGS -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_compile_options(${WR_SAN_FLAGS})
  add_link_options(${WR_SAN_FLAGS})
endif()
if(WR_BUILD_FUZZ)
  # Instrument the whole library for coverage; fuzz targets add -fsanitize=fuzzer at link.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# wr_box(NAME [DEPS box...] [LIBS lib...]): an OBJECT library wr_<NAME> from every .cc/.S in
# the calling folder (globbed, so adding a file needs no CMake edit). Boxes are combined into
# libwasmrust; tests link the boxes they need directly.
set_property(GLOBAL PROPERTY WR_BOXES "")
function(wr_box name)
  cmake_parse_arguments(ARG "" "" "DEPS;LIBS" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc ${CMAKE_CURRENT_SOURCE_DIR}/*.S)
  add_library(wr_${name} OBJECT ${srcs})
  target_include_directories(wr_${name} PUBLIC ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(wr_${name} PRIVATE ${WR_WARNINGS})
  set_target_properties(wr_${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  foreach(dep ${ARG_DEPS})
    target_link_libraries(wr_${name} PUBLIC wr_${dep})
  endforeach()
  if(ARG_LIBS)
    target_link_libraries(wr_${name} PUBLIC ${ARG_LIBS})
  endif()
  set_property(GLOBAL APPEND PROPERTY WR_BOXES wr_${name})
  set_property(GLOBAL PROPERTY WR_DEPS_${name} ${ARG_DEPS})
endfunction()

# The named boxes and everything they depend on, each once.
function(wr_box_closure out)
  set(todo ${ARGN})
  set(seen)
  while(todo)
    list(POP_FRONT todo b)
    if(NOT b IN_LIST seen)
      list(APPEND seen ${b})
      get_property(deps GLOBAL PROPERTY WR_DEPS_${b})
      list(APPEND todo ${deps})
    endif()
  endwhile()
  set(${out} ${seen} PARENT_SCOPE)
endfunction()

# wr_link_boxes(target box...): link the objects of the named boxes, and of the boxes they
# depend on, into {target} (object files only reach targets that link a box directly).
function(wr_link_boxes target)
  wr_box_closure(all ${ARGN})
  foreach(b ${all})
    target_link_libraries(${target} PRIVATE wr_${b})
  endforeach()
endfunction()
