"""kaohe_excel: monthly performance scoring of a 行政服务中心's windows and staff, in Excel."""
