" polc renewal policies (man 5 polc-pol)
autocmd BufRead,BufNewFile *.pol setfiletype pol
