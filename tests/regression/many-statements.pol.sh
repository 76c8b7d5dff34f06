# 150,000 statements in one block (about 10 MB): each was appended by walking
# the block's list, so the parser took time quadratic in the block's length
# (minutes here); now each is added in constant time.
echo 'policy "many-statements" {'
awk 'BEGIN { for (i = 0; i < 150000; i++) printf "    cite \"sentence %d of a very long policy, padded to seventy\"\n", i }'
echo '    currency USD'
echo '}'
sed -n '/^unit CEU/,$p' policies/nasm-cpt.pol
