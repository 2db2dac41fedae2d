/* x87 FPU of the interpreter (placeholder). */
#include "cpu/interp/interp_priv.h"

void interp_fpu_init(struct interp_fpu *f)
{
    memset(f, 0, sizeof(*f));
    f->cw = 0x37F;
    for (int i = 0; i < 8; i++)
        f->tag[i] = 3;
}

void interp_fpu_exec(struct interp *s, uint8_t op, uint8_t modrm, int seg, uint32_t off)
{
    (void)s;
    (void)op;
    (void)modrm;
    (void)seg;
    (void)off;
}

void interp_fpu_wait(struct interp *s)
{
    (void)s;
}
