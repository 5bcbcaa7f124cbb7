module sigma-auth.example/better-auth-exchange

go 1.26

require github.com/sigma-auth/sigma-auth/bindings/go v0.0.0

replace github.com/sigma-auth/sigma-auth/bindings/go => ../../../bindings/go
