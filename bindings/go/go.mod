module github.com/sigma-auth/sigma-auth/bindings/go

go 1.26
