/* Benchmark (not a test): the window showing a full 80x25 screen in which every cell
 * changes every frame, then a mode 13h screen in which every pixel does, at 60 frames
 * per second, through the whole path a frame takes: video memory captured into a
 * display_frame in the hand-over (the vCPU thread's part), then composed from the
 * frame's glyphs or pixels, uploaded, scaled and presented (the UI thread's part).
 * Reports the time per frame and the CPU use of the process, and for comparison the
 * renderer's own floor in the same run: the same renderer only uploading a finished
 * picture of the same size and presenting it, with no compositing and no sharp
 * scaling; and our work (capture + compose) as a ratio to that floor.
 *
 *     build/tests/bench/bench_window [--seconds N] [--size WxH] [--fullscreen]
 *                                    [--sharp | --nearest]
 *
 * It needs a display: on a desktop as it is, elsewhere under xvfb-run. The machines
 * are shared and noisy: run it twice. Targets: under 1 ms per frame and under 5% of a
 * core at 60 frames per second. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "bios/bios.h"
#include "null_cpu.h"
#include "ui/sdl.h"

static double now_s(void)
{
    return (double)machine_now_ns() / 1e9;
}

static double cpu_s(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Every cell (text) or pixel (13h) different from the last frame: characters and
 * colours both move. */
static void bench_paint(struct machine *m, unsigned frame, bool graphics)
{
    if (graphics) {
        for (unsigned i = 0; i < 320 * 200; i++)
            m->mem.ram[0xA0000 + i] = (uint8_t)(i * 7 + frame);
        return;
    }
    for (unsigned i = 0; i < 80 * 25; i++) {
        m->mem.ram[0xB8000 + 2 * i] = (uint8_t)(i * 7 + frame);
        m->mem.ram[0xB8000 + 2 * i + 1] = (uint8_t)((i + frame) & 0x7F);
    }
}

static double bench_stats(const char *what, double *t, int n)
{
    double sum = 0, median;

    for (int i = 0; i < n; i++)
        sum += t[i];
    qsort(t, (size_t)n, sizeof(*t), cmp_double);
    median = t[n / 2];
    printf("  %-34s mean %.3f ms, median %.3f ms, 99th percentile %.3f ms, max %.3f ms\n", what,
           sum / n * 1e3, median * 1e3, t[n * 99 / 100] * 1e3, t[n - 1] * 1e3);
    return median;
}

static void bench_sleep_until(double next)
{
    if (next > now_s()) {
        double left = next - now_s();
        struct timespec ts = {(time_t)left, (long)((left - (time_t)left) * 1e9)};
        nanosleep(&ts, NULL);
    }
}

/* One scene: capture and compose alone on nc frames, the whole path at 60 Hz for n
 * frames, then the floor (a finished picture of the same size uploaded and presented
 * 1:1, nothing else) for n frames. */
static void bench_scene(struct machine *m, struct frontend *ui, struct ui_frames *frames,
                        struct ui_text *text, bool graphics, int n, int nc)
{
    double *frame_t = malloc(sizeof(double) * (size_t)n);
    double *floor_t = malloc(sizeof(double) * (size_t)n);
    double *compose_t = malloc(sizeof(double) * (size_t)nc);
    double *capture_t = malloc(sizeof(double) * (size_t)nc);
    double *work_t = malloc(sizeof(double) * (size_t)nc);
    double t0, c0, wall, cpu, next, floor_wall, floor_cpu, work, floor;

    video_set_mode(m, graphics ? 0x13 : 0x03);
    /* Our work alone: the vCPU thread's capture and the UI thread's compose. */
    for (int i = 0; i < nc; i++) {
        double t;
        bench_paint(m, (unsigned)i, graphics);
        t = now_s();
        ui_frames_capture(frames, m);
        capture_t[i] = now_s() - t;
        t = now_s();
        ui_text_compose(text, &ui_frames_latest(frames)->frame, DISPLAY_PHASE_SHOWN);
        compose_t[i] = now_s() - t;
        work_t[i] = capture_t[i] + compose_t[i];
    }

    /* The whole frame at 60 Hz. */
    t0 = now_s();
    c0 = cpu_s();
    next = t0;
    for (int i = 0; i < n; i++) {
        SDL_Event ev;
        double t = now_s();

        bench_paint(m, (unsigned)i, graphics);
        ui_frames_capture(frames, m);
        if (!ui_sdl_show(ui, &ui_frames_latest(frames)->frame, DISPLAY_PHASE_SHOWN))
            fprintf(stderr, "bench_window: frame %d did not change the picture\n", i);
        frame_t[i] = now_s() - t;
        while (SDL_PollEvent(&ev))
            ;
        next += 1.0 / 60;
        bench_sleep_until(next);
    }
    wall = now_s() - t0;
    cpu = cpu_s() - c0;

    /* The floor: the renderer's own upload and present of a picture this size. */
    {
        SDL_Renderer *ren = SDL_GetRenderer(ui_sdl_window(ui));
        SDL_Texture *tex = SDL_CreateTexture(ren, SDL_PIXELFORMAT_ARGB8888,
                                             SDL_TEXTUREACCESS_STREAMING, text->w, text->h);
        SDL_Rect dst = ui_sdl_picture_rect(ui);

        t0 = now_s();
        c0 = cpu_s();
        next = t0;
        for (int i = 0; i < n; i++) {
            SDL_Event ev;
            double t = now_s();
            text->fb[i % (text->w * text->h)] ^= 0xFFFFFF;
            SDL_UpdateTexture(tex, NULL, text->fb, text->w * 4);
            SDL_RenderClear(ren);
            SDL_RenderCopy(ren, tex, NULL, &dst);
            SDL_RenderPresent(ren);
            floor_t[i] = now_s() - t;
            while (SDL_PollEvent(&ev))
                ;
            next += 1.0 / 60;
            bench_sleep_until(next);
        }
        floor_wall = now_s() - t0;
        floor_cpu = cpu_s() - c0;
        SDL_DestroyTexture(tex);
    }
    printf("%s: %d frames, every %s changing, picture %dx%d\n",
           graphics ? "mode 13h (320x200, 256 colours)" : "80x25 text", n,
           graphics ? "pixel" : "cell", text->w, text->h);
    bench_stats("vCPU thread: capture:", capture_t, nc);
    bench_stats("UI thread: compose:", compose_t, nc);
    work = bench_stats("capture + compose (our work):", work_t, nc);
    bench_stats("whole frame, capture to present:", frame_t, n);
    printf("    %.1f frames per second, CPU use %.1f%% of one core\n", n / wall,
           100.0 * cpu / wall);
    floor = bench_stats("floor: upload and present only:", floor_t, n);
    printf("    %.1f frames per second, CPU use %.1f%% of one core\n", n / floor_wall,
           100.0 * floor_cpu / floor_wall);
    printf("  ratio: our work / floor (medians) = %.2f\n", work / floor);
    free(frame_t);
    free(floor_t);
    free(compose_t);
    free(capture_t);
    free(work_t);
}

int main(int argc, char **argv)
{
    struct machine_config mcfg = {0}, ucfg = {0};
    struct machine *m;
    struct frontend *ui;
    struct ui_frames *frames = malloc(sizeof(*frames));
    struct ui_text *text = malloc(sizeof(*text));
    double seconds = 5;
    int w = 0, h = 0, n, nc = 600, sharp = -1;
    char err[512];

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
            seconds = atof(argv[++i]);
        else if (!strcmp(argv[i], "--size") && i + 1 < argc)
            sscanf(argv[++i], "%dx%d", &w, &h);
        else if (!strcmp(argv[i], "--fullscreen"))
            ucfg.fullscreen = true;
        else if (!strcmp(argv[i], "--sharp") || !strcmp(argv[i], "--nearest"))
            sharp = !strcmp(argv[i], "--sharp");
        else {
            fprintf(stderr, "usage: bench_window [--seconds N] [--size WxH] [--fullscreen] "
                            "[--sharp | --nearest]\n");
            return 2;
        }
    }
    if (!ui_display_named()) {
        fprintf(stderr, "bench_window: no display: run it on a desktop or under xvfb-run\n");
        return 1;
    }
    m = test_machine(&mcfg);
    ui_frames_init(frames);
    ui_text_init(text);
    if (ui_sdl_ops.create(&ui, &ucfg, err, sizeof(err))) {
        fprintf(stderr, "bench_window: %s\n", err);
        return 1;
    }
    if (w > 0 && h > 0)
        SDL_SetWindowSize(ui_sdl_window(ui), w, h);
    if (sharp >= 0)
        ui_sdl_set_sharp(ui, sharp);
    for (int i = 0; i < 30; i++) { /* let the window appear and settle */
        SDL_Event ev;
        while (SDL_PollEvent(&ev))
            ;
        SDL_Delay(10);
    }

    SDL_GetRendererOutputSize(SDL_GetRenderer(ui_sdl_window(ui)), &w, &h);
    printf("bench_window: %s renderer, window %dx%d (picture at %dx%d, %s scaling)\n",
           ui_sdl_renderer_name(ui), w, h, ui_sdl_picture_rect(ui).w, ui_sdl_picture_rect(ui).h,
           ui_sdl_sharp(ui) ? "sharp" : "nearest");
    n = (int)(seconds * 60);
    bench_scene(m, ui, frames, text, false, n, nc);
    bench_scene(m, ui, frames, text, true, n, nc);
    printf("targets: text capture + compose about 0.2 ms; under 1 ms a frame and under 5%% of "
           "a core at 60 frames per second\n");
    ui_text_fini(text);
    free(text);
    free(frames);
    ui_sdl_ops.destroy(ui);
    machine_destroy(m);
    return 0;
}
