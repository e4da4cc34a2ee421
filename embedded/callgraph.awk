# Code size of functions with everything they call, from llvm-nm and
# llvm-objdump output (see size.sh).
#
# Input files, in order:
#   1. llvm-nm --print-size --radix=d --defined-only   (mangled names)
#   2. the same with -C                                 (demangled names)
#   3. llvm-objdump -d --no-show-raw-insn               (mangled names)
# -v roots="sym sym ...": the functions to report.
#
# An edge f -> g is any branch (b, bl, b.w, bne.w, ...) inside f's
# [start, start + size) whose target is another function g; tail calls
# count. For each root it prints, tab-separated:
#   root  total  self  rodata  indirect  callee=size,callee=size,...
# where total = size of the root + sizes of every function reachable from
# it (each once), i.e. the .text it costs on its own, and rodata = sizes
# of the read-only data symbols those functions address with movw/movt.
# A root that shares its address with another symbol (identical functions
# merged into aliases) has no code of its own in the disassembly, which
# labels only one of them: it is followed through that alias.

function hex(s,    i, c, v) {
    v = 0
    s = tolower(s)
    for (i = 1; i <= length(s); i++) {
        c = index("0123456789abcdef", substr(s, i, 1)) - 1
        v = v * 16 + c
    }
    return v
}

FILENAME == ARGV[1] {
    if ($3 ~ /^[tTwW]$/) {
        start[$4] = $1 + 0; size[$4] = $2 + 0; mangled[FNR] = $4
    } else if ($3 ~ /^[rR]$/ && $2 > 0) {
        nr++; rstart[nr] = $1 + 0; rsize[nr] = $2 + 0
    }
    next
}

FILENAME == ARGV[2] {
    if (FNR in mangled) {
        name = $0
        sub(/^[0-9]+ [0-9]+ [tTwW] /, "", name)
        sub(/::h[0-9a-f]+$/, "", name)
        gsub(/\$LT\$/, "<", name); gsub(/\$GT\$/, ">", name)
        gsub(/\$u20\$/, " ", name); gsub(/\.\./, "::", name)
        gsub(/::_</, "::<", name); sub(/^_</, "<", name)
        pretty[mangled[FNR]] = name
    }
    next
}

/^[0-9a-f]+ <.*>:$/ {
    cur = $0
    delete lo
    sub(/^[0-9a-f]+ </, "", cur)
    sub(/>:$/, "", cur)
    labelled[cur] = 1
    next
}

cur != "" && /^ *[0-9a-f]+:/ {
    addr = $1
    sub(/:$/, "", addr)
    a = hex(addr)
    if (!(cur in start) || a < start[cur] || a >= start[cur] + size[cur]) next
    op = $2
    if (op == "movw" || op == "movt") {
        v = $4
        sub(/^#/, "", v)
        v = (v ~ /^0x/) ? hex(substr(v, 3)) : v + 0
        reg = $3
        if (op == "movw") { lo[reg] = v; next }
        if (!(reg in lo)) next
        a = v * 65536 + lo[reg]
        delete lo[reg]
        for (k = 1; k <= nr; k++)
            if (a >= rstart[k] && a < rstart[k] + rsize[k] && !((cur, k) in redge)) {
                redge[cur, k] = 1
                rdata[cur] = rdata[cur] " " k
            }
        next
    }
    if (op ~ /^blx?$/ && $3 ~ /^(r[0-9]+|lr|ip)$/) { indirect[cur] = 1; next }
    if (op !~ /^b/ || index($0, "<") == 0) next
    t = $0
    sub(/.*</, "", t)
    sub(/>.*/, "", t)
    sub(/\+0x[0-9a-f]+$/, "", t)
    if (t != cur && (t in start) && !((cur, t) in edge)) {
        edge[cur, t] = 1
        callees[cur] = callees[cur] " " t
    }
}

END {
    n = split(roots, r, " ")
    for (i = 1; i <= n; i++) {
        root = r[i]
        if (!(root in start)) { print root "\tmissing"; continue }
        code = root
        if (!(root in labelled))
            for (s in start)
                if (s in labelled && start[s] == start[root] && size[s] == size[root]) code = s
        delete seen
        delete rseen
        queue[1] = code; head = 1; tail = 1; seen[code] = 1
        total = 0; ro = 0; ind = 0; list = ""
        while (head <= tail) {
            f = queue[head++]
            total += size[f]
            if (f in indirect) ind = 1
            m = split(rdata[f], c, " ")
            for (j = 1; j <= m; j++)
                if (!(c[j] in rseen)) { rseen[c[j]] = 1; ro += rsize[c[j]] }
            if (f != code) list = list (list == "" ? "" : ",") pretty[f] "=" size[f]
            m = split(callees[f], c, " ")
            for (j = 1; j <= m; j++)
                if (!(c[j] in seen)) { seen[c[j]] = 1; queue[++tail] = c[j] }
        }
        print root "\t" total "\t" size[root] "\t" ro "\t" ind "\t" list
    }
}
