# 5,000 fees and 100,000 'charges' of undefined fees: each undefined name was
# compared with every fee for a "did you mean" hint, also past the 100
# diagnostics that are shown; hints are now looked for only while shown.
cat policies/nasm-cpt.pol
awk 'BEGIN { for (i = 0; i < 5000; i++) printf "fee f%d = 1.00 USD\n", i
             printf "path more {\n    requires units\n"
             for (i = 0; i < 100000; i++) printf "    charges g%d\n", i
             printf "}\n" }'
