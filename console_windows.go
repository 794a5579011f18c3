package main

import "syscall"

// On Windows the console shows text in its code page (936, GBK, on Chinese
// systems) and would garble gongkai's UTF-8 messages: switch the console
// to UTF-8 before anything is printed. A failure (no console, output
// redirected) changes nothing.
func init() {
	_, _, _ = syscall.NewLazyDLL("kernel32.dll").NewProc("SetConsoleOutputCP").Call(65001)
}
