package personal

import (
	"bytes"

	"github.com/xuri/excelize/v2"
)

func openWorkbook(data []byte) (*excelize.File, error) {
	return excelize.OpenReader(bytes.NewReader(data))
}
