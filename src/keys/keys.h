/* Keyboard input sources on the host: scripted keys (--keys) and the terminal as a
 * keyboard. Both turn characters and key names into set-1 scancodes for the keyboard
 * controller (src/hw/kbd.h). */
#ifndef HVDOS_KEYS_H
#define HVDOS_KEYS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct machine;

/* A key: its set-1 make code, KEYS_EXT for an E0 prefix; KEYS_PAUSE is Pause (E1). */
#define KEYS_EXT   0x100
#define KEYS_PAUSE 0x200

/* Modifiers a character or chord needs held. */
#define KEYS_MOD_SHIFT 0x01
#define KEYS_MOD_CTRL  0x02
#define KEYS_MOD_ALT   0x04

/* The key that types an ASCII character on a US keyboard, and the modifiers it needs
 * (Shift for 'A', Ctrl for control characters). False if no key types it. */
bool keys_from_char(uint8_t c, uint16_t *key, unsigned *mods);
/* A key by name, case-insensitive: Enter, Esc, F1, Up, PgDn, KP5, ... */
bool keys_from_name(const char *name, size_t len, uint16_t *key);

/* One step of a key script: press or release a key, move the mouse or change its
 * buttons, or wait. */
enum keys_step_kind { KEYS_STEP_KEY, KEYS_STEP_MOUSE };

struct keys_step {
    uint16_t key; /* KEYS_STEP_KEY: the key; 0: a pause of `ms` */
    bool release;
    uint32_t ms;     /* the wait after this step */
    uint8_t kind;    /* enum keys_step_kind */
    uint8_t buttons; /* KEYS_STEP_MOUSE: the buttons held after the step */
    int16_t x, y;    /* KEYS_STEP_MOUSE: where the pointer goes (int 33h coordinates), or
                        -1 to stay */
};

/* Parses a --keys SPEC into steps (malloc'd). Returns the count, or -1 with a one-line
 * reason in err. */
int keys_script_parse(const char *spec, struct keys_step **steps, char *err, size_t errlen);
/* Starts typing the script into the keyboard controller shortly after start-up. When
 * it is used up and `close_after` is set, no more keys can come (a key wait ends the
 * run). Returns 0, or -1 with a reason in err. */
int keys_script_start(struct machine *m, const char *spec, bool close_after, char *err,
                      size_t errlen);
void keys_script_stop(struct machine *m);

/* The terminal as a keyboard: puts the terminal on fd into raw-ish modes (see
 * README: Ctrl+C still ends hvdos) and types what is typed there into the keyboard
 * controller from a reader thread. A frontend that draws on the terminal passes hooks
 * (else NULL). Returns 0, or -1 with a reason in err. */
struct input_event;
struct keys_term_hooks {
    /* Reader thread: a mouse report at a terminal cell (0-based) with the buttons
     * (INPUT_MOUSE_*) held after it; fills *ev and returns true to send it. */
    bool (*mouse)(void *ctx, int line, int col, unsigned buttons, struct input_event *ev);
    void *ctx;
    /* Counted up on SIGCONT once the modes are raw again: the frontend redraws. */
    _Atomic unsigned *resumed;
};
struct keys_term;
int keys_term_start(struct machine *m, int fd, const struct keys_term_hooks *hooks,
                    struct keys_term **out, char *err, size_t errlen);
/* What to write to the terminal before it is handed back on SIGTSTP (a frontend's
 * normal screen back); the bytes must stay until keys_term_stop. */
void keys_term_set_leave(struct keys_term *t, const char *bytes, size_t len);
/* Ends the reader and puts the terminal's modes back (NULL: nothing to do). Call once
 * the machine has stopped running. */
void keys_term_stop(struct keys_term *t);

/* Terminal input to scancodes, parsed by libtermkey for the terminal type `term`
 * ($TERM; NULL: xterm's forms): bytes are pushed in, keys come out, each as one key's
 * make and break codes with the modifiers it needs, or a mouse report. */
#define KEYS_TERM_MAX_CODES 24
struct keys_term_decoder;
struct keys_term_input {
    uint8_t codes[KEYS_TERM_MAX_CODES];
    size_t ncodes; /* 0 (and not a mouse report): a sequence that is no key */
    bool mouse;
    int line, col;   /* the mouse report's cell, 0-based */
    uint8_t buttons; /* INPUT_MOUSE_* held after the report */
};
enum keys_term_result {
    KEYS_TERM_NONE,  /* nothing waiting */
    KEYS_TERM_AGAIN, /* a sequence not complete yet: more bytes, or `force` after the Esc time */
    KEYS_TERM_KEY,   /* *in holds a key or a mouse report */
};
struct keys_term_decoder *keys_term_decoder_new(const char *term);
void keys_term_decoder_free(struct keys_term_decoder *d);
/* Returns how many bytes were taken (the decoder holds up to 256 not yet read). */
size_t keys_term_decoder_push(struct keys_term_decoder *d, const uint8_t *in, size_t len);
size_t keys_term_decoder_room(const struct keys_term_decoder *d);
/* The next key; `force`: what waits is taken as it is (a lone Esc is the Esc key). */
enum keys_term_result keys_term_decoder_next(struct keys_term_decoder *d, bool force,
                                             struct keys_term_input *in);

#endif
