package httpx

import (
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/assocbench/assocbench/i18n"
)

// Lang picks the language of messages: ?lang=, then the session's
// choice (the language cookie), then Accept-Language, then English.
func Lang(c *gin.Context) string {
	if l := c.Query("lang"); Supported(l) {
		return l
	}
	if l, err := c.Cookie(CookieLang); err == nil && Supported(l) {
		return l
	}
	for _, part := range strings.Split(c.GetHeader("Accept-Language"), ",") {
		tag := strings.TrimSpace(strings.SplitN(part, ";", 2)[0])
		base := strings.ToLower(strings.SplitN(tag, "-", 2)[0])
		if Supported(base) {
			return base
		}
	}
	return "en"
}

// Supported reports whether messages exist in language l.
func Supported(l string) bool { return i18n.Supported(l) }
