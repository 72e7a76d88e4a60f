// Package deps pins dependencies during bootstrap; removed once real code imports them.
package deps

import (
	_ "github.com/FerretDB/FerretDB/ferretdb"
	_ "github.com/chromedp/chromedp"
	_ "github.com/expr-lang/expr"
	_ "github.com/getkin/kin-openapi/openapi3filter"
	_ "github.com/gin-gonic/gin"
	_ "github.com/go-echarts/go-echarts/v2/charts"
	_ "github.com/go-playground/validator/v10"
	_ "github.com/goccy/go-yaml"
	_ "github.com/google/go-cmp/cmp"
	_ "github.com/prometheus/client_golang/prometheus"
	_ "github.com/santhosh-tekuri/jsonschema/v6"
	_ "github.com/schollz/progressbar/v3"
	_ "github.com/xuri/excelize/v2"
	_ "go.mongodb.org/mongo-driver/v2/mongo"
	_ "golang.org/x/text/language/display"
	_ "golang.org/x/time/rate"
)
