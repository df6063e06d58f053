/* Runs a command under the seccomp filter of systemd/passgate.service, built with libseccomp as systemd builds it,
 * for check-seccomp.sh where systemd itself cannot run: an allow list of the system calls named in ALLOWED-LIST-FILE
 * (SystemCallFilter= expanded by check-seccomp.sh), every other call failing with EPERM (SystemCallErrorNumber=),
 * native architecture only (SystemCallArchitectures=native), and socket() allowed for AF_UNIX, AF_INET and AF_INET6
 * only, any other family failing with EAFNOSUPPORT (RestrictAddressFamilies=). libseccomp's header is not needed:
 * the five functions used are declared here and the program links against libseccomp.so.2.
 * Usage: unitfilter ALLOWED-LIST-FILE COMMAND [ARG...]; run it under strace to see what was refused. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
typedef void *scmp_filter_ctx;
typedef uint64_t scmp_datum_t;
struct scmp_arg_cmp { unsigned int arg; int op; scmp_datum_t datum_a; scmp_datum_t datum_b; };
scmp_filter_ctx seccomp_init(uint32_t def_action);
int seccomp_rule_add(scmp_filter_ctx ctx, uint32_t action, int syscall, unsigned int arg_cnt, ...);
int seccomp_syscall_resolve_name(const char *name);
int seccomp_load(scmp_filter_ctx ctx);
#define ALLOW 0x7fff0000U
#define ERRNO(x) (0x00050000U | ((x) & 0x0000ffffU))
#define CMP_EQ 4
#define CMP_GE 5

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: unitfilter LIST COMMAND...\n"); return 2; }
    scmp_filter_ctx ctx = seccomp_init(ERRNO(EPERM));
    FILE *list = fopen(argv[1], "r");
    if (!ctx || !list) { perror("unitfilter"); return 2; }
    char name[128]; int allowed = 0, unknown = 0;
    int sock = seccomp_syscall_resolve_name("socket");
    while (fscanf(list, "%127s", name) == 1) {
        int nr = seccomp_syscall_resolve_name(name);
        if (nr < 0) { unknown++; continue; }
        if (nr == sock) continue;
        if (seccomp_rule_add(ctx, ALLOW, nr, 0) == 0) allowed++;
    }
    /* socket(): the three families allowed, every other one refused with EAFNOSUPPORT */
    int families[] = {1, 2, 10};
    for (int i = 0; i < 3; i++) {
        struct scmp_arg_cmp c = {0, CMP_EQ, (scmp_datum_t) families[i], 0};
        if (seccomp_rule_add(ctx, ALLOW, sock, 1, c) != 0) { fprintf(stderr, "socket rule failed\n"); return 2; }
    }
    for (int f = 0; f < 11; f++) {
        if (f == 1 || f == 2 || f == 10) continue;
        struct scmp_arg_cmp c = {0, CMP_EQ, (scmp_datum_t) f, 0};
        seccomp_rule_add(ctx, ERRNO(EAFNOSUPPORT), sock, 1, c);
    }
    struct scmp_arg_cmp high = {0, CMP_GE, 11, 0};
    seccomp_rule_add(ctx, ERRNO(EAFNOSUPPORT), sock, 1, high);
    fprintf(stderr, "unitfilter: %d system calls allowed (%d names unknown on this architecture)\n", allowed, unknown);
    if (seccomp_load(ctx) != 0) { perror("seccomp_load"); return 2; }
    execvp(argv[2], argv + 2);
    perror("execvp");
    return 127;
}
