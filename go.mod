module auditroom

go 1.26.0
