/* sha256: SHA-256 of generated data (`sha256 bench MB`, default 8 MB) or of every file
 * below the directories given (`sha256 tree DIR...`, like `find DIR -type f | sort |
 * xargs sha256sum`), then a checksum line. The tree mode exercises WASI preopens,
 * path_open, fd_readdir, fd_read, fd_seek, fd_filestat_get and fd_close. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct { uint32_t h[8]; uint8_t buf[64]; uint64_t len; size_t fill; } Sha256;

static const uint32_t K[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha_block(Sha256* s, const uint8_t* p) {
  uint32_t w[64];
  for (int i = 0; i < 16; i++) w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
  for (int i = 16; i < 64; i++) {
    uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint32_t a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3], e = s->h[4], f = s->h[5], g = s->h[6], h = s->h[7];
  for (int i = 0; i < 64; i++) {
    uint32_t t1 = h + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
    uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
  }
  s->h[0] += a; s->h[1] += b; s->h[2] += c; s->h[3] += d; s->h[4] += e; s->h[5] += f; s->h[6] += g; s->h[7] += h;
}

static void sha_init(Sha256* s) {
  static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  memcpy(s->h, iv, sizeof iv);
  s->len = 0;
  s->fill = 0;
}

static void sha_update(Sha256* s, const uint8_t* p, size_t n) {
  s->len += n;
  while (n) {
    size_t take = 64 - s->fill < n ? 64 - s->fill : n;
    memcpy(s->buf + s->fill, p, take);
    s->fill += take; p += take; n -= take;
    if (s->fill == 64) { sha_block(s, s->buf); s->fill = 0; }
  }
}

static void sha_final(Sha256* s, uint8_t out[32]) {
  uint64_t bits = s->len * 8;
  uint8_t pad = 0x80, zero = 0;
  sha_update(s, &pad, 1);
  while (s->fill != 56) sha_update(s, &zero, 1);
  uint8_t lenb[8];
  for (int i = 0; i < 8; i++) lenb[i] = (uint8_t)(bits >> (56 - 8 * i));
  sha_update(s, lenb, 8);
  for (int i = 0; i < 8; i++) {
    out[4 * i] = (uint8_t)(s->h[i] >> 24); out[4 * i + 1] = (uint8_t)(s->h[i] >> 16);
    out[4 * i + 2] = (uint8_t)(s->h[i] >> 8); out[4 * i + 3] = (uint8_t)s->h[i];
  }
}

static uint64_t checksum = 0xcbf29ce484222325ull;
static void print_digest(const uint8_t d[32], const char* name) {
  for (int i = 0; i < 32; i++) { printf("%02x", d[i]); checksum = (checksum ^ d[i]) * 0x100000001B3ull; }
  printf("  %s\n", name);
}

static int cmp_str(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }

/* Collect regular files below {dir} (sorted walk), hash each. */
static int hash_tree(const char* dir) {
  DIR* d = opendir(dir);
  if (!d) { fprintf(stderr, "sha256: cannot open directory %s\n", dir); return 1; }
  char** names = NULL;
  size_t n = 0, cap = 0;
  struct dirent* e;
  while ((e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    if (n == cap) { cap = cap ? cap * 2 : 16; names = realloc(names, cap * sizeof *names); }
    names[n++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof *names, cmp_str);
  int rc = 0;
  for (size_t i = 0; i < n; i++) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    struct stat st;
    if (stat(path, &st) != 0) { fprintf(stderr, "sha256: cannot stat %s\n", path); rc = 1; continue; }
    if (S_ISDIR(st.st_mode)) { rc |= hash_tree(path); continue; }
    FILE* f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "sha256: cannot open %s\n", path); rc = 1; continue; }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    Sha256 s;
    sha_init(&s);
    uint8_t buf[4096];
    size_t got, total = 0;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0) { sha_update(&s, buf, got); total += got; }
    fclose(f);
    if ((long)total != size) { fprintf(stderr, "sha256: short read on %s\n", path); rc = 1; }
    uint8_t digest[32];
    sha_final(&s, digest);
    print_digest(digest, path);
  }
  for (size_t i = 0; i < n; i++) free(names[i]);
  free(names);
  return rc;
}

int main(int argc, char** argv) {
  if (argc >= 3 && !strcmp(argv[1], "tree")) {
    int rc = 0;
    for (int i = 2; i < argc; i++) rc |= hash_tree(argv[i]);
    printf("checksum: %016llx\n", (unsigned long long)checksum);
    return rc;
  }
  int mb = (argc >= 3 && !strcmp(argv[1], "bench")) ? atoi(argv[2]) : 8;
  static uint8_t chunk[1 << 16];
  uint32_t x = 12345;
  Sha256 s;
  sha_init(&s);
  for (int m = 0; m < mb * 16; m++) {
    for (size_t i = 0; i < sizeof chunk; i++) { x = x * 1103515245u + 12345u; chunk[i] = (uint8_t)(x >> 16); }
    sha_update(&s, chunk, sizeof chunk);
  }
  uint8_t digest[32];
  sha_final(&s, digest);
  char name[64];
  snprintf(name, sizeof name, "(%d MB generated)", mb);
  print_digest(digest, name);
  Sha256 e;
  sha_init(&e);
  sha_update(&e, (const uint8_t*)"abc", 3);
  sha_final(&e, digest);
  print_digest(digest, "\"abc\"");
  printf("checksum: %016llx\n", (unsigned long long)checksum);
  return 0;
}
