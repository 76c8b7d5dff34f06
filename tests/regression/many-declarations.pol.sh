# 350,000 credential declarations (about 12 MB): each was compared with every
# one before it for duplicates, so checking took time quadratic in their
# number; names are now found through a hash index.  The answer is the
# limit's diagnostic.
sed 's/^credential CPT/credential C0/' policies/nasm-cpt.pol
awk 'BEGIN { for (i = 1; i < 350000; i++) printf "credential C%d { requires 2.0 CEU }\n", i }'
echo 'together {'
echo '    units highest'
echo '    fees each'
echo '}'
