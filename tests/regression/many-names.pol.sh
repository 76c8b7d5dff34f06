# 200,000 names in one 'charges' list (1.6 MB on one line): each name was
# appended by walking the list, quadratic like the statements of a block;
# now constant time.  The fees past the limit of 64 are refused once, on
# their own line, so no diagnostic has to show the long line.
sed '/^path ceu/,$d' policies/nasm-cpt.pol
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "fee f%d = 1.00 USD\n", i
             printf "path ceu {\n    requires units\n    charges f0"
             for (i = 1; i < 200000; i++) printf ", f%d", i
             printf "\n}\nafter last window expired\n" }'
