// simdjson_parse.cpp - the parse bound of bench/parsebench.c, measured with
// simdjson (Debian libsimdjson-dev 3.0.1) instead of yajl: an experiment
// for docs/performance.md ("the JSON library"), not part of `make bench`.
//
//   g++ -std=c++17 -O2 -o simdjson-parse bench/experiments/simdjson_parse.cpp -lsimdjson
//   simdjson-parse RECORDS.jsonl
//
// The same work per line as parsebench: every value of the line visited
// (simdjson's On-Demand API validates what it visits, and UTF-8 for the
// whole line up front), nesting at most 64 levels, no key twice in one
// object (keys compared unescaped), every number's text copied; strings
// unescaped.  One parser, a fresh document a line; prints
//   parse  LINES  BAD_LINES  CPU_S  WALL_S  BYTES  NUMBER_BYTES
#include <simdjson.h>

#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

using namespace simdjson;

static size_t number_bytes;
static char number[64];

static bool walk(ondemand::value v, int depth, std::vector<std::string> &keys);

static bool walk_object(ondemand::object o, int depth, std::vector<std::string> &keys)
{
    size_t first = keys.size();
    for (auto field : o) {
        std::string_view k;
        if (field.unescaped_key().get(k))
            return false;
        for (size_t i = first; i < keys.size(); i++)
            if (keys[i] == k)
                return false; // duplicate_key
        keys.emplace_back(k);
        ondemand::value v;
        if (field.value().get(v) || !walk(v, depth, keys))
            return false;
    }
    keys.resize(first);
    return true;
}

static bool walk(ondemand::value v, int depth, std::vector<std::string> &keys)
{
    ondemand::json_type t;
    if (v.type().get(t))
        return false;
    switch (t) {
    case ondemand::json_type::object: {
        if (depth + 1 > 64)
            return false;
        ondemand::object o;
        return !v.get_object().get(o) && walk_object(o, depth + 1, keys);
    }
    case ondemand::json_type::array: {
        if (depth + 1 > 64)
            return false;
        ondemand::array a;
        if (v.get_array().get(a))
            return false;
        for (auto e : a) {
            ondemand::value x;
            if (e.get(x) || !walk(x, depth + 1, keys))
                return false;
        }
        return true;
    }
    case ondemand::json_type::number: {
        std::string_view raw = v.raw_json_token();
        while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\r' ||
                                raw.back() == '\n'))
            raw.remove_suffix(1);
        double d;
        if (v.get_double().get(d)) // validates the number's syntax
            return false;
        size_t n = raw.size() < sizeof number - 1 ? raw.size() : sizeof number - 1;
        memcpy(number, raw.data(), n);
        number[n] = '\0';
        number_bytes += n;
        return true;
    }
    case ondemand::json_type::string: {
        std::string_view s;
        return !v.get_string().get(s);
    }
    case ondemand::json_type::boolean: {
        bool b;
        return !v.get_bool().get(b);
    }
    case ondemand::json_type::null:
        return v.is_null();
    }
    return false;
}

static double secs(clockid_t id)
{
    timespec t;
    clock_gettime(id, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: simdjson-parse RECORDS.jsonl\n", stderr);
        return 2;
    }
    FILE *in = fopen(argv[1], "rb");
    if (!in) {
        perror(argv[1]);
        return 2;
    }
    const size_t chunk_size = 1 << 16, max_line = 1 << 20;
    std::vector<char> chunk(chunk_size), line(max_line + SIMDJSON_PADDING);
    ondemand::parser parser;
    std::vector<std::string> keys;
    double c0 = secs(CLOCK_PROCESS_CPUTIME_ID), w0 = secs(CLOCK_MONOTONIC);
    long lines = 0, bad = 0;
    size_t bytes = 0, len = 0, got;
    auto one = [&](size_t n) {
        lines++;
        keys.clear();
        ondemand::document doc;
        if (parser.iterate(padded_string_view(line.data(), n, line.size())).get(doc)) {
            bad++;
            return;
        }
        ondemand::object o;
        if (doc.get_object().get(o) || !walk_object(o, 1, keys))
            bad++;
    };
    while ((got = fread(chunk.data(), 1, chunk_size, in)) > 0) {
        bytes += got;
        for (size_t i = 0; i < got;) {
            char *nl = (char *)memchr(chunk.data() + i, '\n', got - i);
            size_t take = (nl ? (size_t)(nl - chunk.data()) : got) - i;
            if (len + take <= max_line) {
                memcpy(line.data() + len, chunk.data() + i, take);
                len += take;
            }
            i += take;
            if (!nl)
                break;
            i++;
            if (len > 0)
                one(len);
            len = 0;
        }
    }
    if (len > 0)
        one(len);
    double cpu = secs(CLOCK_PROCESS_CPUTIME_ID) - c0, wall = secs(CLOCK_MONOTONIC) - w0;
    printf("parse\t%ld\t%ld\t%.4f\t%.4f\t%zu\t%zu\n", lines, bad, cpu, wall, bytes, number_bytes);
    return bad ? 1 : 0;
}
