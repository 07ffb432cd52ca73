/* json: generates a pseudo-random JSON document, parses it into a tree, walks it and
 * re-serializes it, repeating N times (argv[1], default 20). Prints a checksum of the
 * parsed values and of the serialized text, so any engine must agree byte for byte.
 * Exercises: malloc-heavy tree building, recursion, string handling, strtod-style float
 * parsing and printing (printf %.17g), indirect calls through a visitor table. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } Kind;

typedef struct Json {
  Kind kind;
  double num;
  int boolean;
  char* str;              /* J_STR value, or the key of an object member */
  struct Json** items;    /* J_ARR elements / J_OBJ members (members carry a key) */
  char** keys;
  size_t len, cap;
} Json;

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (uint32_t)(rng_state >> 11);
}

/* ---- a growable text buffer ---- */
typedef struct { char* p; size_t len, cap; } Buf;
static void buf_put(Buf* b, const char* s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    b->cap = (b->len + n + 1) * 2;
    b->p = realloc(b->p, b->cap);
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = 0;
}
static void buf_puts(Buf* b, const char* s) { buf_put(b, s, strlen(s)); }

/* ---- generator ---- */
static void gen_string(Buf* b) {
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-";
  int n = 1 + rnd() % 12;
  buf_puts(b, "\"");
  for (int i = 0; i < n; i++) {
    uint32_t r = rnd() % 80;
    if (r == 0) buf_puts(b, "\\n");
    else if (r == 1) buf_puts(b, "\\\"");
    else if (r == 2) buf_puts(b, "\\u00e9");
    else buf_put(b, &alphabet[r % (sizeof alphabet - 1)], 1);
  }
  buf_puts(b, "\"");
}

static void gen_value(Buf* b, int depth) {
  char tmp[64];
  uint32_t r = rnd() % (depth > 5 ? 5 : 8);
  switch (r) {
    case 0: buf_puts(b, "null"); break;
    case 1: buf_puts(b, (rnd() & 1) ? "true" : "false"); break;
    case 2: snprintf(tmp, sizeof tmp, "%d", (int)(rnd() % 2000000) - 1000000); buf_puts(b, tmp); break;
    case 3: snprintf(tmp, sizeof tmp, "%.6e", ((double)rnd() / 4294967296.0 - 0.5) * 1e6); buf_puts(b, tmp); break;
    case 4: gen_string(b); break;
    case 5: case 6: {
      int n = rnd() % 6;
      buf_puts(b, "[");
      for (int i = 0; i < n; i++) { if (i) buf_puts(b, ","); gen_value(b, depth + 1); }
      buf_puts(b, "]");
      break;
    }
    default: {
      int n = rnd() % 6;
      buf_puts(b, "{");
      for (int i = 0; i < n; i++) {
        if (i) buf_puts(b, ",");
        gen_string(b);
        buf_puts(b, ":");
        gen_value(b, depth + 1);
      }
      buf_puts(b, "}");
    }
  }
}

/* ---- parser ---- */
typedef struct { const char* p; int error; } Parser;

static void skip_ws(Parser* ps) {
  while (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\t' || *ps->p == '\r') ps->p++;
}

static Json* new_node(Kind k) {
  Json* j = calloc(1, sizeof(Json));
  j->kind = k;
  return j;
}

static void push_item(Json* j, Json* item, char* key) {
  if (j->len == j->cap) {
    j->cap = j->cap ? j->cap * 2 : 4;
    j->items = realloc(j->items, j->cap * sizeof(Json*));
    j->keys = realloc(j->keys, j->cap * sizeof(char*));
  }
  j->items[j->len] = item;
  j->keys[j->len] = key;
  j->len++;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static char* parse_string(Parser* ps) {
  Buf b = {0};
  ps->p++; /* opening quote */
  while (*ps->p && *ps->p != '"') {
    if (*ps->p == '\\') {
      ps->p++;
      char c = *ps->p++;
      if (c == 'n') buf_puts(&b, "\n");
      else if (c == 't') buf_puts(&b, "\t");
      else if (c == 'u') {
        int v = 0;
        for (int i = 0; i < 4; i++) {
          int h = hexval(*ps->p++);
          if (h < 0) { ps->error = 1; free(b.p); return NULL; }
          v = v * 16 + h;
        }
        char u[3];
        if (v < 0x80) { u[0] = (char)v; buf_put(&b, u, 1); }
        else { u[0] = (char)(0xC0 | (v >> 6)); u[1] = (char)(0x80 | (v & 0x3F)); buf_put(&b, u, 2); }
      } else {
        buf_put(&b, &c, 1);
      }
    } else {
      buf_put(&b, ps->p++, 1);
    }
  }
  if (*ps->p != '"') { ps->error = 1; free(b.p); return NULL; }
  ps->p++;
  if (!b.p) buf_puts(&b, "");
  return b.p;
}

/* Our own decimal parser (no locale), exact enough to be engine independent: it only uses
 * IEEE operations, so every correct engine computes the same bits. */
static double parse_number(Parser* ps) {
  int neg = 0;
  if (*ps->p == '-') { neg = 1; ps->p++; }
  double v = 0;
  while (*ps->p >= '0' && *ps->p <= '9') v = v * 10 + (*ps->p++ - '0');
  if (*ps->p == '.') {
    ps->p++;
    double scale = 0.1;
    while (*ps->p >= '0' && *ps->p <= '9') { v += (*ps->p++ - '0') * scale; scale *= 0.1; }
  }
  if (*ps->p == 'e' || *ps->p == 'E') {
    ps->p++;
    int eneg = 0, e = 0;
    if (*ps->p == '+') ps->p++;
    else if (*ps->p == '-') { eneg = 1; ps->p++; }
    while (*ps->p >= '0' && *ps->p <= '9') e = e * 10 + (*ps->p++ - '0');
    while (e--) v = eneg ? v / 10 : v * 10;
  }
  return neg ? -v : v;
}

static Json* parse_value(Parser* ps);

static Json* parse_container(Parser* ps, int is_obj) {
  Json* j = new_node(is_obj ? J_OBJ : J_ARR);
  ps->p++;
  skip_ws(ps);
  char close = is_obj ? '}' : ']';
  if (*ps->p == close) { ps->p++; return j; }
  for (;;) {
    char* key = NULL;
    if (is_obj) {
      skip_ws(ps);
      if (*ps->p != '"') { ps->error = 1; return j; }
      key = parse_string(ps);
      skip_ws(ps);
      if (*ps->p++ != ':') { ps->error = 1; free(key); return j; }
    }
    Json* item = parse_value(ps);
    push_item(j, item, key);
    if (ps->error) return j;
    skip_ws(ps);
    if (*ps->p == ',') { ps->p++; continue; }
    if (*ps->p == close) { ps->p++; return j; }
    ps->error = 1;
    return j;
  }
}

static Json* parse_value(Parser* ps) {
  skip_ws(ps);
  char c = *ps->p;
  if (c == '{' || c == '[') return parse_container(ps, c == '{');
  if (c == '"') { Json* j = new_node(J_STR); j->str = parse_string(ps); return j; }
  if (!strncmp(ps->p, "null", 4)) { ps->p += 4; return new_node(J_NULL); }
  if (!strncmp(ps->p, "true", 4)) { ps->p += 4; Json* j = new_node(J_BOOL); j->boolean = 1; return j; }
  if (!strncmp(ps->p, "false", 5)) { ps->p += 5; return new_node(J_BOOL); }
  if (c == '-' || (c >= '0' && c <= '9')) { Json* j = new_node(J_NUM); j->num = parse_number(ps); return j; }
  ps->error = 1;
  return new_node(J_NULL);
}

/* ---- visitors through a function table (indirect calls) ---- */
typedef struct { uint64_t hash; uint64_t count[6]; double sum; } Stats;
static void mix(Stats* s, uint64_t v) { s->hash = (s->hash ^ v) * 0x100000001B3ull; }
static void mix_str(Stats* s, const char* str) { while (*str) mix(s, (uint8_t)*str++); }

static void visit(Json* j, Stats* s);
static void v_null(Json* j, Stats* s) { (void)j; mix(s, 1); }
static void v_bool(Json* j, Stats* s) { mix(s, 2 + j->boolean); }
static void v_num(Json* j, Stats* s) {
  uint64_t bits;
  memcpy(&bits, &j->num, 8);
  mix(s, bits);
  s->sum += j->num;
}
static void v_str(Json* j, Stats* s) { mix_str(s, j->str); }
static void v_container(Json* j, Stats* s) {
  mix(s, j->len);
  for (size_t i = 0; i < j->len; i++) {
    if (j->keys[i]) mix_str(s, j->keys[i]);
    visit(j->items[i], s);
  }
}
static void (*const visitors[6])(Json*, Stats*) = {v_null, v_bool, v_num, v_str, v_container, v_container};
static void visit(Json* j, Stats* s) {
  s->count[j->kind]++;
  visitors[j->kind](j, s);
}

static void serialize(Json* j, Buf* b) {
  char tmp[64];
  switch (j->kind) {
    case J_NULL: buf_puts(b, "null"); break;
    case J_BOOL: buf_puts(b, j->boolean ? "true" : "false"); break;
    case J_NUM: snprintf(tmp, sizeof tmp, "%.17g", j->num); buf_puts(b, tmp); break;
    case J_STR: buf_puts(b, "\""); buf_puts(b, j->str); buf_puts(b, "\""); break;
    case J_ARR: case J_OBJ:
      buf_puts(b, j->kind == J_ARR ? "[" : "{");
      for (size_t i = 0; i < j->len; i++) {
        if (i) buf_puts(b, ",");
        if (j->keys[i]) { buf_puts(b, "\""); buf_puts(b, j->keys[i]); buf_puts(b, "\":"); }
        serialize(j->items[i], b);
      }
      buf_puts(b, j->kind == J_ARR ? "]" : "}");
  }
}

static void free_json(Json* j) {
  for (size_t i = 0; i < j->len; i++) { free(j->keys[i]); free_json(j->items[i]); }
  free(j->items);
  free(j->keys);
  free(j->str);
  free(j);
}

int main(int argc, char** argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 20;
  Stats total = {0xcbf29ce484222325ull, {0}, 0};
  size_t bytes = 0;
  for (int r = 0; r < rounds; r++) {
    Buf doc = {0};
    buf_puts(&doc, "[");
    for (int i = 0; i < 400; i++) { if (i) buf_puts(&doc, ","); gen_value(&doc, 0); }
    buf_puts(&doc, "]");
    bytes += doc.len;
    Parser ps = {doc.p, 0};
    Json* root = parse_value(&ps);
    if (ps.error) { fprintf(stderr, "parse error in round %d\n", r); return 1; }
    visit(root, &total);
    Buf out = {0};
    serialize(root, &out);
    mix_str(&total, out.p);
    free(out.p);
    free_json(root);
    free(doc.p);
  }
  printf("json: %d rounds, %zu bytes parsed\n", rounds, bytes);
  printf("values: null=%llu bool=%llu num=%llu str=%llu arr=%llu obj=%llu\n",
         (unsigned long long)total.count[0], (unsigned long long)total.count[1],
         (unsigned long long)total.count[2], (unsigned long long)total.count[3],
         (unsigned long long)total.count[4], (unsigned long long)total.count[5]);
  printf("sum of numbers: %.6f\n", total.sum);
  printf("checksum: %016llx\n", (unsigned long long)total.hash);
  return 0;
}
