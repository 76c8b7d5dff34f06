.PHONY: install uninstall
# ---- install --------------------------------------------------------------
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include
	install -m 755 $(BUILD)/polc $(DESTDIR)$(PREFIX)/bin/polc
	install -m 644 $(BUILD)/libpolcrt.a $(DESTDIR)$(PREFIX)/lib/libpolcrt.a
	install -m 644 runtime/polc.h $(DESTDIR)$(PREFIX)/include/polc.h
uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/polc $(DESTDIR)$(PREFIX)/lib/libpolcrt.a \
	      $(DESTDIR)$(PREFIX)/include/polc.h

