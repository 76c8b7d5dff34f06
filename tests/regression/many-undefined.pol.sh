# 5,000 fees and 100,000 references to undefined fees: each undefined name
# was compared with every fee for a "did you mean" hint, also past the 100
# diagnostics shown.  Hints are now looked for only while they are shown.
cat policies/nasm-cpt.pol
awk 'BEGIN { for (i = 0; i < 5000; i++) printf "fee f%d = 1.00 USD\n", i
             printf "path more {\n    requires units\n    charges g0"
             for (i = 1; i < 100000; i++) printf ", g%d", i
             printf "\n}\n" }'
