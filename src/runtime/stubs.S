// The two generic stubs between host code and wasm code (docs/abi.md).
//
// wr_invoke_stub(code, frame): host -> wasm. Copies frame->stack_size bytes of stack
// arguments below the stack pointer, loads rdi..r9 and xmm0..xmm7 from the frame, calls
// code, and stores rax and xmm0 back into the frame. Offsets: InvokeFrame in abi_frame.h.
//
// wr_host_adapter: wasm -> host. The code of every host function's VMFuncRef (rdi = the
// HostFunc record). Saves the argument registers (HostSaveArea), calls
// wr_host_dispatch(record, save_area, stack_args); on 0 returns the result slot in rax and
// xmm0, otherwise calls wr_host_raise, which unwinds to the innermost entry.
//
// Both keep an rbp frame so trap backtraces can walk through them.

        .text
        .globl  wr_invoke_stub
        .type   wr_invoke_stub, @function
        .p2align 4
wr_invoke_stub:
        .cfi_startproc
        pushq   %rbp
        .cfi_def_cfa_offset 16
        .cfi_offset %rbp, -16
        movq    %rsp, %rbp
        .cfi_def_cfa_register %rbp
        pushq   %rbx
        pushq   %r12
        .cfi_offset %rbx, -24
        .cfi_offset %r12, -32
        movq    %rsi, %rbx              // frame
        movq    %rdi, %r12              // code
        movq    184(%rbx), %rcx         // stack_size (multiple of 16: rsp stays aligned)
        subq    %rcx, %rsp
        movq    176(%rbx), %rsi
        movq    %rsp, %rdi
        cld
        rep movsb
        movdqa  48(%rbx), %xmm0
        movdqa  64(%rbx), %xmm1
        movdqa  80(%rbx), %xmm2
        movdqa  96(%rbx), %xmm3
        movdqa  112(%rbx), %xmm4
        movdqa  128(%rbx), %xmm5
        movdqa  144(%rbx), %xmm6
        movdqa  160(%rbx), %xmm7
        movq    0(%rbx), %rdi
        movq    8(%rbx), %rsi
        movq    16(%rbx), %rdx
        movq    24(%rbx), %rcx
        movq    32(%rbx), %r8
        movq    40(%rbx), %r9
        callq   *%r12
        movq    %rax, 192(%rbx)
        movdqa  %xmm0, 208(%rbx)
        leaq    -16(%rbp), %rsp
        popq    %r12
        popq    %rbx
        popq    %rbp
        .cfi_def_cfa %rsp, 8
        ret
        .cfi_endproc
        .size   wr_invoke_stub, .-wr_invoke_stub

        .globl  wr_host_adapter
        .type   wr_host_adapter, @function
        .p2align 4
wr_host_adapter:
        .cfi_startproc
        pushq   %rbp
        .cfi_def_cfa_offset 16
        .cfi_offset %rbp, -16
        movq    %rsp, %rbp
        .cfi_def_cfa_register %rbp
        subq    $192, %rsp              // HostSaveArea; rsp stays 16-aligned
        movq    %rdi, 0(%rsp)
        movq    %rsi, 8(%rsp)
        movq    %rdx, 16(%rsp)
        movq    %rcx, 24(%rsp)
        movq    %r8, 32(%rsp)
        movq    %r9, 40(%rsp)
        movdqa  %xmm0, 48(%rsp)
        movdqa  %xmm1, 64(%rsp)
        movdqa  %xmm2, 80(%rsp)
        movdqa  %xmm3, 96(%rsp)
        movdqa  %xmm4, 112(%rsp)
        movdqa  %xmm5, 128(%rsp)
        movdqa  %xmm6, 144(%rsp)
        movdqa  %xmm7, 160(%rsp)
        movq    %rsp, %rsi              // save area (rdi: the HostFunc record)
        leaq    16(%rbp), %rdx          // caller's stack arguments
        callq   wr_host_dispatch@PLT
        testl   %eax, %eax
        jnz     1f
        movq    176(%rsp), %rax
        movdqa  176(%rsp), %xmm0
        .cfi_remember_state
        leave
        .cfi_def_cfa %rsp, 8
        ret
1:
        .cfi_restore_state
        callq   wr_host_raise@PLT
        ud2
        .cfi_endproc
        .size   wr_host_adapter, .-wr_host_adapter

        .section .note.GNU-stack,"",@progbits
