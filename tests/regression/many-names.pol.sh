# 200,000 names in one 'charges' list: each was appended by walking the list
# (quadratic, like the statements of a block).  Each repeat is a warning.
sed "s/charges late/charges late$(awk 'BEGIN { for (i = 0; i < 200000; i++) printf ", late" }')/" policies/nasm-cpt.pol
